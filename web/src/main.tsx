import { render } from "preact";
import { App } from "./app";
import "./styles/base.css";
import "./styles/components.css";
import "./styles/overlays.css";
import "./styles/pages.css";
import "./styles/jobs.css";
import "./styles/list-page.css";
import "./styles/detail.css";
import "./styles/responsive.css";

const root = document.getElementById("app");
if (root) render(<App />, root);
