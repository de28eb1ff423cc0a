import { Box, Text } from 'ink';
import { useStore } from 'zustand';
import { textWidth, truncate } from '../../src/layout/text.js';
import type { Rect } from '../../src/layout/types.js';
import { GOTO_HINTS, REPLAY_HINTS } from '../../src/replay/replayInput.js';
import type { ReplayStore } from '../../src/replay/replayStore.js';
import { NOTICE_COLORS } from '../StatusBar.js';

export const REPLAY_BADGE = ' REPLAY ';
export const GOTO_LABEL = 'go to: ';
const GAP = 2;
const MIN_HINTS_WIDTH = 8;

export interface ReplayStatusProps {
  store: ReplayStore;
  rect: Rect;
}

/**
 * One row: the REPLAY badge and session, then the `g` prompt or the notice, then the
 * keys. The prompt and its error outrank the notice, which outranks the hints.
 */
export function ReplayStatus({ store, rect }: ReplayStatusProps) {
  const sessionId = useStore(store, (s) => s.sessionId);
  const notice = useStore(store, (s) => s.notice);
  const goTo = useStore(store, (s) => s.goTo);
  const width = rect.width;
  const badge = truncate(REPLAY_BADGE, width);
  const session = truncate(` ${sessionId} `, width - textWidth(badge));
  let rest = width - textWidth(badge) - textWidth(session);
  const prompt = goTo ? truncate(`${GOTO_LABEL}${goTo.text}█`, rest) : '';
  rest -= textWidth(prompt);
  const message = goTo?.error ? `  ${goTo.error}` : goTo ? '' : (notice?.text ?? '');
  const shown = truncate(message, rest);
  rest -= textWidth(shown);
  const hintsRoom = rest - GAP;
  const hintsSource = goTo ? GOTO_HINTS : REPLAY_HINTS;
  const hints = hintsRoom >= MIN_HINTS_WIDTH ? truncate(hintsSource, hintsRoom) : '';
  const filler = ' '.repeat(Math.max(0, rest - textWidth(hints)));
  const messageColor = goTo?.error ? 'red' : notice ? NOTICE_COLORS[notice.level] : undefined;
  return (
    <Box
      position="absolute"
      marginLeft={rect.x}
      marginTop={rect.y}
      width={width}
      height={1}
      overflow="hidden"
    >
      <Text wrap="truncate">
        <Text inverse bold color="magenta">
          {badge}
        </Text>
        <Text bold>{session}</Text>
        {prompt ? <Text color="cyan">{prompt}</Text> : null}
        {shown ? <Text color={messageColor}>{shown}</Text> : null}
        {filler}
        <Text dimColor>{hints}</Text>
      </Text>
    </Box>
  );
}
