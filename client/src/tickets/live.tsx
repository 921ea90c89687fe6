import { createContext, useContext, useEffect, useState } from 'react';
import { Outlet } from 'react-router';
import { useQueryClient } from '@tanstack/react-query';
import { io, type Socket } from 'socket.io-client';
import { liveSocketOptions, type ClientToServerEvents, type RealtimeErrorData, type ServerToClientEvents } from '@cit/shared';
import { endSession } from '../auth/session';
import { serviceKeys } from '../services/api';
import { ticketKeys } from './api';
import { notificationKeys } from '../notifications/api';
import { announcementKeys } from '../announcements/api';

export type LiveSocket = Socket<ServerToClientEvents, ClientToServerEvents>;

const LiveSocketContext = createContext<LiveSocket | null>(null);

/** After a refusal for a temporary reason (`unavailable`), try again after this delay. */
const RETRY_MS = 10_000;

function refusalCode(error: Error): string | undefined {
  const data = (error as Error & { data?: Partial<RealtimeErrorData> }).data;
  return typeof data?.code === 'string' ? data.code : undefined;
}

/**
 * One socket.io connection for the signed-in session (mounted under RequireAuth, closed at logout or expiry).
 * Events are hints: the affected TanStack queries are invalidated and refetched through the authorised API.
 */
export function LiveEvents() {
  const queryClient = useQueryClient();
  const [socket, setSocket] = useState<LiveSocket | null>(null);

  useEffect(() => {
    const s: LiveSocket = io(liveSocketOptions());
    let retry: number | undefined;
    let connectedBefore = false;

    s.on('connect', () => {
      // Events may have been missed while disconnected: refresh whatever is on screen.
      if (connectedBefore) {
        void queryClient.invalidateQueries({ queryKey: ticketKeys.all });
        void queryClient.invalidateQueries({ queryKey: serviceKeys.records });
        void queryClient.invalidateQueries({ queryKey: serviceKeys.billing });
        void queryClient.invalidateQueries({ queryKey: ['services', 'contracts'] });
        void queryClient.invalidateQueries({ queryKey: notificationKeys.inbox });
        void queryClient.invalidateQueries({ queryKey: announcementKeys.all });
      }
      connectedBefore = true;
    });
    s.on('connect_error', (error) => {
      if (refusalCode(error) === 'unauthorized') {
        s.disconnect();
        endSession(queryClient, 'expired');
      } else if (!s.active) {
        // Refused for another reason: socket.io does not retry by itself.
        window.clearTimeout(retry);
        retry = window.setTimeout(() => s.connect(), RETRY_MS);
      }
    });
    s.on('ticket.changed', (event) => {
      void queryClient.invalidateQueries({ queryKey: ticketKeys.detail(event.ticketId) });
      void queryClient.invalidateQueries({ queryKey: ticketKeys.lists });
      void queryClient.invalidateQueries({ queryKey: ticketKeys.dashboard });
      // An approved request applied by the worker changes the Ente's services and billing.
      if (event.change === 'updated') {
        void queryClient.invalidateQueries({ queryKey: serviceKeys.records });
        void queryClient.invalidateQueries({ queryKey: serviceKeys.billing });
        void queryClient.invalidateQueries({ queryKey: ['services', 'quote'] });
        void queryClient.invalidateQueries({ queryKey: ['services', 'contracts'] });
      }
    });
    s.on('notifications.changed', () => void queryClient.invalidateQueries({ queryKey: notificationKeys.inbox }));
    s.on('announcements.changed', () => void queryClient.invalidateQueries({ queryKey: announcementKeys.all }));
    s.on('counts.changed', () => {
      void queryClient.invalidateQueries({ queryKey: ticketKeys.lists });
      void queryClient.invalidateQueries({ queryKey: ticketKeys.dashboard });
    });
    setSocket(s);
    return () => {
      window.clearTimeout(retry);
      s.removeAllListeners();
      s.disconnect();
      setSocket(null);
    };
  }, [queryClient]);

  return (
    <LiveSocketContext.Provider value={socket}>
      <Outlet />
    </LiveSocketContext.Provider>
  );
}

/** The session's socket (null until connected once, or outside the signed-in area). */
export function useLiveSocket(): LiveSocket | null {
  return useContext(LiveSocketContext);
}

/** Joins the ticket's room while the page is open (again after every reconnection); leaves it on unmount. */
export function useWatchTicket(ticketId: string): void {
  const socket = useContext(LiveSocketContext);
  useEffect(() => {
    if (!socket) return;
    const watch = () => socket.emit('ticket.watch', ticketId, () => undefined);
    if (socket.connected) watch();
    socket.on('connect', watch);
    return () => {
      socket.off('connect', watch);
      if (socket.connected) socket.emit('ticket.unwatch', ticketId);
    };
  }, [socket, ticketId]);
}
