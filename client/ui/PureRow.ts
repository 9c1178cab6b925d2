/** A component that renders again only when a prop changed (Preact's `memo` without compat). */
import { Component } from 'preact';

export abstract class PureRow<P extends object> extends Component<P> {
  override shouldComponentUpdate(next: P): boolean {
    const current = this.props as Record<string, unknown>;
    const incoming = next as Record<string, unknown>;
    for (const key of Object.keys(incoming)) if (current[key] !== incoming[key]) return true;
    return false;
  }
}
