import { render } from 'preact';
import '../ui/styles.css';
import { RepApp } from './RepApp.js';

render(<RepApp />, document.getElementById('app')!);
