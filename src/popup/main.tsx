import { render } from 'preact';
import './theme.css';
import { Popup } from './Popup';

render(<Popup />, document.getElementById('app')!);
