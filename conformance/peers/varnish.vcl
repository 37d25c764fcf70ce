# Calibration peer: Varnish with its built-in VCL and nothing but a backend, as in the suite's
# docker image. peers.ts starts it with the same parameters that image uses
# (default_ttl=0, default_grace=0, default_keep=3600), so responses without explicit freshness
# are not reused, which the suite needs (see its freshness-none check).
# @ORIGIN_PORT@ is filled in by conformance/lib/peers.ts.
vcl 4.1;

backend default {
    .host = "127.0.0.1";
    .port = "@ORIGIN_PORT@";
}
