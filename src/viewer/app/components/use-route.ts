// The current hash route as Preact state, and navigation that keeps the URL the source of truth.

import { useCallback, useEffect, useState } from 'preact/hooks';
import { formatHash, parseHash, type Route } from '../route.js';

export type Navigate = (route: Route, options?: { replace?: boolean }) => void;

export function useRoute(): [Route, Navigate] {
  const [route, setRoute] = useState(() => parseHash(location.hash));
  useEffect(() => {
    const onChange = () => setRoute(parseHash(location.hash));
    window.addEventListener('hashchange', onChange);
    return () => window.removeEventListener('hashchange', onChange);
  }, []);
  const navigate = useCallback<Navigate>((next, options) => {
    const hash = formatHash(next);
    if (hash === location.hash) return;
    // Typing in a search box replaces the entry instead of filling the back button's history.
    if (options?.replace) history.replaceState(null, '', hash);
    else history.pushState(null, '', hash);
    setRoute(parseHash(hash));
  }, []);
  return [route, navigate];
}
