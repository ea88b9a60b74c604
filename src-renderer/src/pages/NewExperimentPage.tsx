import { EmptyState } from '../components/EmptyState';
import { PageHeader } from '../components/PageHeader';

export function NewExperimentPage() {
  return (
    <>
      <PageHeader title="New experiment" subtitle="Configure a scenario" />
      <EmptyState title=" cases, corruptions, methods, model, seeds.">
        No dataset to experiment on:The scenario wizard needs a dataset: import one on the Datasets
        page first.
      </EmptyState>
    </>
  );
}
