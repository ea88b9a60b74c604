import { useMantineColorScheme } from '@mantine/core';
import { useEffect } from 'react';
import { useApiEvents, useApiQuery } from '../api/ApiProvider';

/** Applies the stored theme setting, and follows changes made in any window. */
export function ThemeSync() {
  const { setColorScheme } = useMantineColorScheme();
  const settings = useApiQuery('settings.get', {});
  useEffect(() => {
    if (settings.data) setColorScheme(settings.data.theme);
  }, [settings.data, setColorScheme]);
  useApiEvents((event) => {
    if (event.type === 'settings.changed') setColorScheme(event.settings.theme);
  });
  return null;
}
