import { useQueries } from '@tanstack/react-query';
import { useApi, useApiQuery } from '../../api/ApiProvider';
import { type MeasuredRates, measuredRates } from './estimate';

/** Samples/s measured by the runs of the most recent experiments in this store. */
export function useMeasuredRates(recent = 20): MeasuredRates {
  const api = useApi();
  const experiments = useApiQuery('experiments.list', {});
  // experiments.list is newest first.
  const ids = (experiments.data ?? []).map((e) => e.id).slice(0, recent);
  const details = useQueries({
    queries: ids.map((id) => ({
      queryKey: ['experiments.get', { id }],
      queryFn: () => api.call('experiments.get', { id }),
    })),
  });
  const runs = details.flatMap((d) => d.data?.runs ?? []);
  const efficiency = details.flatMap((d) => d.data?.efficiency ?? []);
  return measuredRates(runs, efficiency);
}
