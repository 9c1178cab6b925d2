import { render } from 'preact';
import '../ui/styles.css';
import { RepApp } from './RepApp.js';
import { captureStartRequest } from './startLink.js';

// Before anything renders: a help-desk start link leaves the address bar at once.
captureStartRequest();
render(<RepApp />, document.getElementById('app')!);
