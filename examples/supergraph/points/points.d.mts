export declare const DEMO_RATES: URL;
export declare function startPoints(options?: {
  host?: string;
  port?: number;
  ratesFile?: string | URL;
}): Promise<{ url: string; stop(): Promise<void> }>;
