import { EmptyState } from '../components/EmptyState';
import { PageHeader } from '../components/PageHeader';

export function AttentionPage() {
  return (
    <>
      <PageHeader title="Attention" subtitle="Where the cross-attention goes" />
      <EmptyState title=" tokens or prompts.">
        No trained model yet:Attention maps need a finished run: train one, then pick it, a case and
        a sample here.
      </EmptyState>
    </>
  );
}
