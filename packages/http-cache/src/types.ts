// Shapes shared by every rule in this package. They mirror what node:http hands the edge, so the edge
// can pass its header objects straight in without copying.

/** Header fields by lower-case name; repeated field lines as arrays (like node's IncomingHttpHeaders). */
export type HeaderMap = Record<string, string | string[] | undefined>;

/** Cache directives: lower-cased name → argument (already unquoted), or `true` when it has none. */
export type Directives = ReadonlyMap<string, string | true>;
