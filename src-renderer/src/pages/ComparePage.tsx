import { EmptyState } from '../components/EmptyState';
import { PageHeader } from '../components/PageHeader';

export function ComparePage() {
  return (
    <>
      <PageHeader
        title="Compare"
        subtitle="FT against PL, LoRA and Adapter, per case, over seeds."
      />
      <EmptyState title="Nothing to compare yet">
        Finished runs of an experiment appear here as a results table and charts.
      </EmptyState>
    </>
  );
}
