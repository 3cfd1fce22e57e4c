/**
 * Projects (Langflow's folders). A flow's project stays in its document (`folder_id`), as in the
 * embedded store; names are unique, as there. Flows from before projects get the default project
 * when a server opens the database (project-upgrade.ts), not here.
 */
export const sql = `
CREATE TABLE projects (
  id text PRIMARY KEY,
  seq bigint GENERATED ALWAYS AS IDENTITY UNIQUE,
  rev bigint NOT NULL DEFAULT nextval('flowdesk_rev'),
  name text NOT NULL UNIQUE,
  doc json NOT NULL
);
`;
