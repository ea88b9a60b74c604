import { TextInput } from '@mantine/core';
import type { Settings } from '@shared/api/methods/app';
import { useEffect, useState } from 'react';

type ToolKey = 'ffmpegPath' | 'ffprobePath';

/**
 * The video importer's ffmpeg and ffprobe. Saved when the field loses focus (not per keystroke,
 * which would store every half-typed path); empty = look on PATH, then in the optional packages.
 */
export function VideoToolSettings({
  settings,
  save,
}: {
  settings: Settings;
  save: (patch: Partial<Pick<Settings, ToolKey>>) => void;
}) {
  return (
    <>
      <ToolPath
        label="ffmpeg"
        value={settings.ffmpegPath}
        onSave={(value) => save({ ffmpegPath: value })}
      />
      <ToolPath
        label="ffprobe"
        value={settings.ffprobePath}
        onSave={(value) => save({ ffprobePath: value })}
      />
    </>
  );
}

function ToolPath({
  label,
  value,
  onSave,
}: {
  label: string;
  value: string | null;
  onSave: (value: string | null) => void;
}) {
  const [text, setText] = useState(value ?? '');
  useEffect(() => setText(value ?? ''), [value]);
  return (
    <TextInput
      label={`${label} for video imports`}
      description={`Path to the ${label} program. Empty: found on PATH, else the optional @${label}-installer package.`}
      placeholder={`/usr/bin/${label}`}
      value={text}
      onChange={(event) => setText(event.currentTarget.value)}
      onBlur={() => {
        const next = text.trim() || null;
        if (next !== value) onSave(next);
      }}
    />
  );
}
