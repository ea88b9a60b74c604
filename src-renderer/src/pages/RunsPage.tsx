import { EmptyState } from '../components/EmptyState';
import { PageHeader } from '../components/PageHeader';

export function RunsPage() {
  return (
    <>
      <PageHeader title="Runs" subtitle="Training jobs" />
      <EmptyState title=" queue, live progress and history.">
        No runs yet:Start an experiment from New experiment; its runs appear here with live
        progress.
      </EmptyState>
    </>
  );
}
