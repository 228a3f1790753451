import { CopyButton } from "../../components/copy-button";
import "../../styles/inline-forms.css";

/** How to give an assistant this account's lists, over MCP, with one of the tokens below. */
export function McpConnect() {
  const url = `${window.location.origin}/mcp`;
  const config = JSON.stringify(
    {
      mcpServers: {
        tubelist: {
          command: "npx",
          // biome-ignore lint/suspicious/noTemplateCurlyInString: mcp-remote expands ${VAR} from env itself
          args: ["-y", "mcp-remote", url, "--header", "Authorization:${TUBELIST_AUTH}"],
          env: { TUBELIST_AUTH: "Bearer <your API token>" },
        },
      },
    },
    null,
    2,
  );
  const cli = `claude mcp add --transport http tubelist ${url} --header "Authorization: Bearer <your API token>"`;
  return (
    <div class="mcp">
      <h3>Connect an assistant (MCP)</h3>
      <p class="muted">
        Assistants that speak the Model Context Protocol can list, search, add and process your videos. Server URL
        (Streamable HTTP), with an API token as <code>Authorization: Bearer</code>; a read-only token gives only the
        tools that read.
      </p>
      <div class="secret__row">
        <code class="secret__value">{url}</code>
        <CopyButton text={url} label="Copy URL" />
      </div>
      <p class="small">Claude Desktop and other clients, in their MCP configuration:</p>
      <pre class="snippet">
        <code>{config}</code>
      </pre>
      <CopyButton text={config} label="Copy configuration" />
      <p class="small">Claude Code:</p>
      <pre class="snippet">
        <code>{cli}</code>
      </pre>
    </div>
  );
}
