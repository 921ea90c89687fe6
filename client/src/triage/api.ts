import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import {
  RoutingDryRunSchema,
  RoutingRuleListSchema,
  RoutingRuleSchema,
  SupportGroupDtoSchema,
  SupportGroupListSchema,
  TicketDetailSchema,
  type CreateRoutingRule,
  type CreateSupportGroup,
  type RetriageRequest,
  type UpdateRoutingRule,
  type UpdateSupportGroup,
} from '@cit/shared';
import { apiRequest } from '../api/client';

const keys = { groups: ['support-groups'] as const, rules: ['routing-rules'] as const, dryRun: (id: string) => ['routing-rules', 'dry-run', id] as const };

/** GET /api/support-groups: every group with its members, and the caller's. */
export function useSupportGroups(enabled = true) {
  return useQuery({
    queryKey: keys.groups,
    queryFn: ({ signal }) => apiRequest('/api/support-groups', { schema: SupportGroupListSchema, signal }),
    enabled,
    staleTime: 60_000,
  });
}

export function useSaveSupportGroup() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (g: { key: string; create: CreateSupportGroup | null; update: UpdateSupportGroup | null }) =>
      g.create
        ? apiRequest('/api/support-groups', { method: 'POST', body: g.create, schema: SupportGroupDtoSchema })
        : apiRequest(`/api/support-groups/${encodeURIComponent(g.key)}`, { method: 'PATCH', body: g.update ?? {}, schema: SupportGroupDtoSchema }),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: keys.groups }),
  });
}

export function useRoutingRules() {
  return useQuery({ queryKey: keys.rules, queryFn: ({ signal }) => apiRequest('/api/routing-rules', { schema: RoutingRuleListSchema, signal }) });
}

export function useSaveRoutingRule() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (r: { id: string | null; create: CreateRoutingRule | null; update: UpdateRoutingRule | null }) =>
      r.id === null
        ? apiRequest('/api/routing-rules', { method: 'POST', body: r.create ?? {}, schema: RoutingRuleSchema })
        : apiRequest(`/api/routing-rules/${encodeURIComponent(r.id)}`, { method: 'PATCH', body: r.update ?? {}, schema: RoutingRuleSchema }),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: keys.rules }),
  });
}

export function useReorderRoutingRules() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (ids: string[]) => apiRequest('/api/routing-rules/order', { method: 'PUT', body: { ids }, schema: RoutingRuleListSchema }),
    onSettled: () => queryClient.invalidateQueries({ queryKey: keys.rules }),
  });
}

/** GET /api/tickets/:id/routing: which rule would fire now (staff). */
export function useRoutingDryRun(ticketId: string, enabled: boolean) {
  return useQuery({
    queryKey: keys.dryRun(ticketId),
    queryFn: ({ signal }) => apiRequest(`/api/tickets/${encodeURIComponent(ticketId)}/routing`, { schema: RoutingDryRunSchema, signal }),
    enabled,
  });
}

export function useRetriage(ticketId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: RetriageRequest) => apiRequest(`/api/tickets/${encodeURIComponent(ticketId)}/retriage`, { method: 'POST', body, schema: TicketDetailSchema }),
    onSuccess: () => queryClient.invalidateQueries(),
  });
}
