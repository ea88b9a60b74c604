import { EmptyState } from '../components/EmptyState';
import { PageHeader } from '../components/PageHeader';

export function DatasetsPage() {
  return (
    <>
      <PageHeader title="Datasets" subtitle="Import audio-visual data and look at its samples." />
      <EmptyState title="No datasets yet">
        Dataset import (demo, CSV manifest, class folders, AV-MNIST) arrives with the data layer.
        Until then, nothing is stored here.
      </EmptyState>
    </>
  );
}
