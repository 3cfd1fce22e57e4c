/** One third-party service the starter census fakes (a file of this folder default-exports one). */
export type Json = Record<string, any>;

export interface StartedService {
  /** Environment for the server: the service's base URL and key variables pointing at the fake. */
  env: Record<string, string>;
  /**
   * Changes the starter before its upload, as a user edits a flow to point it at their own service
   * (a field no tweak may change, such as an endpoint that receives a stored key). Returns the flow.
   */
  prepare?(flow: Json): Json;
  /** Tweaks for one starter node (by its Langflow node object), or undefined to leave it alone. */
  tweaks?(node: Json, census: CensusContext): Json | undefined;
  close(): Promise<void>;
}

export interface CensusService {
  /** The service's name, for messages. */
  name: string;
  /** Starter files (e.g. 'Research Agent.json') that run once this service is faked, besides other services they need. */
  mustRun: string[];
  start(): Promise<StartedService>;
}

/** What the census made on the server before the runs, for services' tweaks. */
export interface CensusContext {
  /** Paths of files uploaded through `POST /api/v2/files`: a text file (`text`) and a short MP3 (`audio`). */
  files: { text: string; audio: string };
}
