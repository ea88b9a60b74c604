import type { ApiMethod, ApiParams, ApiResult, AvlabApi } from '@shared/api/contract';
import type { ApiEvent } from '@shared/api/events';
import {
  QueryClient,
  QueryClientProvider,
  type UseQueryOptions,
  useMutation,
  useQuery,
  useQueryClient,
} from '@tanstack/react-query';
import { createContext, type ReactNode, useContext, useEffect, useRef, useState } from 'react';
import { notifyError } from '../components/notify';

const ApiContext = createContext<AvlabApi | null>(null);

export function ApiProvider({ api, children }: { api: AvlabApi; children: ReactNode }) {
  const [queryClient] = useState(
    () =>
      new QueryClient({
        defaultOptions: {
          queries: { retry: false, refetchOnWindowFocus: false },
          mutations: { onError: (error) => notifyError(error) },
        },
      }),
  );
  return (
    <ApiContext.Provider value={api}>
      <QueryClientProvider client={queryClient}>{children}</QueryClientProvider>
    </ApiContext.Provider>
  );
}

export function useApi(): AvlabApi {
  const api = useContext(ApiContext);
  if (!api) throw new Error('useApi outside <ApiProvider>');
  return api;
}

/** A cached read through the API; the query key is the method and its params. */
export function useApiQuery<M extends ApiMethod>(
  method: M,
  params: ApiParams<M>,
  options: Omit<UseQueryOptions<ApiResult<M>>, 'queryKey' | 'queryFn'> = {},
) {
  const api = useApi();
  return useQuery<ApiResult<M>>({
    queryKey: [method, params],
    queryFn: () => api.call(method, params),
    ...options,
  });
}

/** A write through the API; on success the listed methods' cached reads are refetched. */
export function useApiMutation<M extends ApiMethod>(method: M, invalidates: ApiMethod[] = []) {
  const api = useApi();
  const queryClient = useQueryClient();
  return useMutation<ApiResult<M>, Error, ApiParams<M>>({
    mutationFn: (params) => api.call(method, params),
    onSuccess: () => {
      for (const key of invalidates) void queryClient.invalidateQueries({ queryKey: [key] });
    },
  });
}

/** Calls `listener` for every pushed event while the component is mounted. */
export function useApiEvents(listener: (event: ApiEvent) => void): void {
  const api = useApi();
  const latest = useRef(listener);
  latest.current = listener;
  useEffect(() => api.onEvent((event) => latest.current(event)), [api]);
}
