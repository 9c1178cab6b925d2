/** Chat preferences: when tab icons turn yellow and red, alert sound, desktop notifications, font size. */
import { useState } from 'preact/hooks';
import { FONT_SIZES_PX, MAX_THRESHOLD_MINUTES, MIN_THRESHOLD_MINUTES, thresholdProblem, type FontSizePx } from './chatPreferences.js';
import { savePreferences } from './consoleActions.js';
import { dialog, preferences } from './consoleState.js';
import { repMessages as strings } from './messages.js';
import { ModalDialog } from './ModalDialog.js';

export function ChatPreferences() {
  const current = preferences.value;
  const [yellow, setYellow] = useState(String(current.yellowAfterMinutes));
  const [red, setRed] = useState(String(current.redAfterMinutes));
  const [sound, setSound] = useState(current.sound);
  const [notifications, setNotifications] = useState(current.desktopNotifications);
  const [fontSize, setFontSize] = useState<FontSizePx>(current.fontSizePx);
  const [problem, setProblem] = useState<'range' | 'order' | null>(null);
  const close = () => (dialog.value = null);
  const permission = typeof Notification === 'undefined' ? 'unsupported' : Notification.permission;
  return (
    <ModalDialog title={strings.preferencesTitle} testId="chat-preferences" onClose={close} closeLabel={strings.close}>
      <form
        class="preferences"
        onSubmit={(event) => {
          event.preventDefault();
          const yellowAfterMinutes = Number(yellow);
          const redAfterMinutes = Number(red);
          const found = thresholdProblem(yellowAfterMinutes, redAfterMinutes);
          setProblem(found);
          if (found) return;
          savePreferences({ yellowAfterMinutes, redAfterMinutes, sound, desktopNotifications: notifications, fontSizePx: fontSize });
          close();
        }}
      >
        <fieldset>
          <legend>{strings.prefTabColours}</legend>
          <p class="hint">{strings.prefTabColoursHelp}</p>
          <label for="pref-yellow">{strings.prefYellow}</label>
          <input
            id="pref-yellow"
            type="number"
            min={MIN_THRESHOLD_MINUTES}
            max={MAX_THRESHOLD_MINUTES}
            step={1}
            data-testid="pref-yellow"
            value={yellow}
            onInput={(e) => setYellow(e.currentTarget.value)}
          />
          <label for="pref-red">{strings.prefRed}</label>
          <input
            id="pref-red"
            type="number"
            min={MIN_THRESHOLD_MINUTES}
            max={MAX_THRESHOLD_MINUTES}
            step={1}
            data-testid="pref-red"
            value={red}
            onInput={(e) => setRed(e.currentTarget.value)}
          />
          {problem && (
            <p class="error" role="alert" data-testid="pref-error" data-code={problem}>
              {strings.prefProblems[problem]}
            </p>
          )}
        </fieldset>
        <fieldset>
          <legend>{strings.prefAlerts}</legend>
          <label class="check">
            <input type="checkbox" data-testid="pref-sound" checked={sound} onChange={(e) => setSound(e.currentTarget.checked)} /> {strings.prefSound}
          </label>
          <label class="check">
            <input type="checkbox" data-testid="pref-notifications" checked={notifications} onChange={(e) => setNotifications(e.currentTarget.checked)} />{' '}
            {strings.prefNotifications}
          </label>
          <p class="hint">{strings.prefPermission[permission]}</p>
        </fieldset>
        <fieldset>
          <legend>{strings.prefText}</legend>
          <label for="pref-font-size">{strings.prefFontSize}</label>
          <select id="pref-font-size" data-testid="pref-font-size" value={fontSize} onChange={(e) => setFontSize(Number(e.currentTarget.value) as FontSizePx)}>
            {FONT_SIZES_PX.map((px) => (
              <option key={px} value={px}>
                {strings.fontSizeName(px)}
              </option>
            ))}
          </select>
          <p class="hint">{strings.prefSpellCheck}</p>
        </fieldset>
        <div class="dialog-actions">
          <button type="submit" data-testid="pref-save">
            {strings.save}
          </button>
          <button type="button" class="secondary" onClick={close}>
            {strings.cancel}
          </button>
        </div>
      </form>
    </ModalDialog>
  );
}
