// supabase/functions import npm packages the Deno way ("npm:postgres@^3.4.9"). Tests that run
// the functions' pure parts under Node (recompute-core.test.ts) reach that code through tsc too,
// which resolves the same package from node_modules.
declare module 'npm:postgres@^3.4.9' {
  import postgres from 'postgres';
  export default postgres;
  export type Sql = postgres.Sql;
}
