// The conversation page's tokens and primitives first, so that the sandbox's own styles come after and win.
import "../../../web/src/styles/theme.css";
import "./sandbox.css";
import { StrictMode } from "react";
import { createRoot } from "react-dom/client";
import { App } from "./App.tsx";

const root = document.getElementById("root");
if (!root) throw new Error("index.html has no #root");
createRoot(root).render(
  <StrictMode>
    <App />
  </StrictMode>,
);
