// demo.mjs — the demo page: loads the core and checks the textarea's JSON on every keystroke.
import { load } from '../src/index.mjs';

const input = document.getElementById('json');
const status = document.getElementById('status');

try {
  const hub = await load();
  const check = () => {
    const result = hub.checkJson(input.value);
    status.dataset.state = result.ok ? 'ok' : 'error';
    status.textContent = result.ok
      ? `well-formed JSON (core ${hub.version})`
      : `line ${result.error.line}, column ${result.error.column}: ${result.error.message}`;
  };
  input.addEventListener('input', check);
  check();
} catch (err) {
  status.dataset.state = 'error';
  status.textContent = `the core failed to load: ${err.message}`;
}
