import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";

/** A photo a client might send (drawn as SVG), served over HTTP like an app's media host would. */
const CAKE = `<svg xmlns="http://www.w3.org/2000/svg" width="480" height="360" viewBox="0 0 480 360">
<defs><linearGradient id="sky" x1="0" y1="0" x2="0" y2="1"><stop offset="0" stop-color="#fde6d2"/><stop offset="1" stop-color="#f7c9a9"/></linearGradient></defs>
<rect width="480" height="360" fill="url(#sky)"/>
<ellipse cx="240" cy="300" rx="170" ry="26" fill="#e9b08a"/>
<rect x="110" y="170" width="260" height="120" rx="14" fill="#fff6ec"/>
<rect x="110" y="170" width="260" height="34" rx="14" fill="#f08fa8"/>
<rect x="150" y="110" width="180" height="64" rx="12" fill="#fff6ec"/>
<rect x="150" y="110" width="180" height="24" rx="12" fill="#f08fa8"/>
<rect x="236" y="66" width="8" height="46" rx="3" fill="#7aa6e0"/>
<ellipse cx="240" cy="58" rx="9" ry="14" fill="#ffb020"/>
<circle cx="170" cy="240" r="9" fill="#e5484d"/><circle cx="240" cy="248" r="9" fill="#e5484d"/><circle cx="310" cy="240" r="9" fill="#e5484d"/>
</svg>`;

export class PictureHost {
  private server: Server | null = null;
  url = "";

  async start(): Promise<void> {
    this.server = createServer((_request, response) => {
      response.writeHead(200, { "content-type": "image/svg+xml", "cache-control": "max-age=3600" });
      response.end(CAKE);
    });
    await new Promise<void>((resolve) => this.server?.listen(0, "127.0.0.1", resolve));
    const { port } = this.server.address() as AddressInfo;
    this.url = `http://127.0.0.1:${port}`;
  }

  async close(): Promise<void> {
    await new Promise<void>((resolve) => this.server?.close(() => resolve()) ?? resolve());
  }
}
