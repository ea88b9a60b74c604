import { Button } from '@mantine/core';
import type { PlotData, PlotLayout } from 'plotly.js-dist-min';
import { useState } from 'react';
import { notifyError, notifySuccess } from '../components/notify';
import { FigureExportDialog } from './FigureExportDialog';
import { exportFigure } from './figure-export';

/**
 * A chart's "Export…": the one dialog and the one helper for every chart. `figure` is read when
 * the user saves, so a live chart exports what it shows at that moment.
 */
export function FigureExportButton({
  title,
  figure,
}: {
  title: string;
  figure: () => { data: PlotData[]; layout: PlotLayout };
}) {
  const [open, setOpen] = useState(false);
  return (
    <>
      <Button
        size="compact-xs"
        variant="subtle"
        onClick={() => setOpen(true)}
        aria-label={`Export ${title}`}
      >
        Export…
      </Button>
      {open && (
        <FigureExportDialog
          title={title}
          opened
          onClose={() => setOpen(false)}
          onExport={(settings) =>
            exportFigure(title, figure(), settings).then(
              (saved) => {
                if (saved.status === 'saved') notifySuccess(`Saved to ${saved.path}`);
              },
              (error: unknown) =>
                notifyError(error, `The ${settings.format.toUpperCase()} export failed`),
            )
          }
        />
      )}
    </>
  );
}
