// The CLI's one view of the environment (house rule 7: only config readers touch process.env).
export function env(): NodeJS.ProcessEnv {
  return process.env;
}
