/** The customer's capture and frame loop, one chunk loaded when sharing starts (keeps the join page small). */
export { ScreenCapture } from './ScreenCapture.js';
export { ScreenSharer } from './ScreenSharer.js';
