/** Pictures the demo's history attaches, served by the sandbox itself as a network's media host would. */
export const MEDIA: Record<string, { type: string; body: string }> = {
  "gate.svg": {
    type: "image/svg+xml",
    body: `<svg xmlns="http://www.w3.org/2000/svg" width="480" height="360" viewBox="0 0 480 360">
<rect width="480" height="360" fill="#dcecf7"/>
<rect y="250" width="480" height="110" fill="#9cc58a"/>
<rect x="60" y="120" width="40" height="150" fill="#8a6d57"/><rect x="380" y="120" width="40" height="150" fill="#8a6d57"/>
<g fill="#2f6f9f"><rect x="100" y="150" width="280" height="10"/><rect x="100" y="240" width="280" height="10"/>
<rect x="120" y="150" width="10" height="100"/><rect x="160" y="150" width="10" height="100"/><rect x="200" y="150" width="10" height="100"/>
<rect x="270" y="150" width="10" height="100"/><rect x="310" y="150" width="10" height="100"/><rect x="350" y="150" width="10" height="100"/></g>
<circle cx="240" cy="110" r="26" fill="#f2b64b"/><text x="240" y="118" font-family="sans-serif" font-size="22" text-anchor="middle" fill="#fff">12</text>
</svg>`,
  },
};
