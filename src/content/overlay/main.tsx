import { render } from 'preact';
import { signal } from '@preact/signals';
const s = signal(1);
render(<div>{s}</div>, document.body);
