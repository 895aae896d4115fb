export declare const HUB: string;
export declare function composeSupergraph(
  subgraphs: { name: string; url: string }[],
): Promise<{ supergraphSdl: string; hints: string[] }>;
export declare function startGateway(options: {
  supergraph: string;
  host?: string;
  port?: number;
  /** Hive Gateway plugins. */
  plugins?: object[];
  logging?: boolean | string;
}): Promise<{ url: string; stop(): Promise<void> }>;
