/** The words of the screen-sharing components; each page's catalogue provides its own set. */

/** Rep console: the "Customer's screen" pane and the viewer. */
export interface RepScreenStrings {
  readonly title: string;
  readonly notShared: string;
  readonly notConnected: string;
  readonly request: string;
  readonly requested: string;
  readonly choosing: string;
  readonly waitingForPicture: string;
  /** How fresh the picture on show is. */
  readonly updated: (ageMs: number) => string;
  readonly thumbnailLabel: string;
  readonly enlargeHint: string;
  readonly sourceSize: (width: number, height: number) => string;
  readonly stopViewing: string;
  readonly viewerTitle: (customerName: string) => string;
  readonly close: string;
}

/** Customer page: the prompt, the sharing indicator and the "Share my screen" button. */
export interface CustomerScreenStrings {
  readonly promptTitle: string;
  readonly prompt: (repName: string) => string;
  readonly accept: string;
  readonly decline: string;
  readonly choosing: string;
  readonly sharing: (repName: string) => string;
  readonly stop: string;
  readonly shareOwn: string;
  readonly unsupported: string;
}
