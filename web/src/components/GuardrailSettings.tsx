import { Field } from './Field';

/** The guardrails as the settings form edits them: the longest track in minutes, as typed. */
export interface GuardrailFields {
  explicitAllowed: boolean;
  maxTrackMinutes: string;
  maxPerArtist: string;
}

interface Props {
  value: GuardrailFields;
  onChange: (value: GuardrailFields) => void;
}

/**
 * The host's guardrails (explicit tracks, longest track, tracks per artist), inside the room's
 * settings form: updateRoom saves them with the rest. Setting a rule removes the waiting tracks
 * that break it, which the form says before the host saves.
 */
export function GuardrailSettings({ value, onChange }: Props) {
  return (
    <fieldset className="stack guardrails">
      <legend>Guardrails</legend>
      <p className="muted small">
        A rule refuses the tracks that break it, whoever adds them. Saving a new rule also removes
        the waiting tracks that break it; the playing track plays on.
      </p>
      <label className="check">
        <input
          type="checkbox"
          checked={value.explicitAllowed}
          onChange={(e) => onChange({ ...value, explicitAllowed: e.target.checked })}
        />{' '}
        Allow explicit tracks
      </label>
      <Field
        label="Longest track (minutes), empty: no limit"
        type="number"
        inputMode="decimal"
        min={0.5}
        max={60}
        step="any"
        value={value.maxTrackMinutes}
        onChange={(e) => onChange({ ...value, maxTrackMinutes: e.target.value })}
      />
      <Field
        label="Tracks per artist, empty: no limit"
        type="number"
        min={1}
        max={1000}
        value={value.maxPerArtist}
        onChange={(e) => onChange({ ...value, maxPerArtist: e.target.value })}
      />
    </fieldset>
  );
}
