import { render } from 'preact';
import '../ui/styles.css';
import { JoinApp } from './JoinApp.js';

render(<JoinApp />, document.getElementById('app')!);
