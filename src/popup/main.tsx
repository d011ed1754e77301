import { render } from 'preact';
import '../review/theme.css';
import { Popup } from './Popup';

render(<Popup />, document.getElementById('app')!);
