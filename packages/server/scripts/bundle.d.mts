/** Bundles the server into `outdir` (dist/bundle by default); answers the path of its main script. */
export declare function bundleServer(outdir?: string): Promise<string>;
