import { Box, Text } from 'ink';
import { memo } from 'react';
import { useStore } from 'zustand';
import { MASTER_PANE_ID, type InputMode } from '../src/engine/commands.js';
import type { Rect } from '../src/layout/types.js';
import type { AppStore } from '../src/store/store.js';
import type { UiState } from '../src/store/uiSlice.js';
import { needsHuman } from '../src/orchestrator/statusMachine.js';
import { textWidth, truncate } from '../src/layout/text.js';
import { NEEDS_HUMAN_COLOR } from './PaneFrame.js';
import { sameRect } from './sameRect.js';

export const MODE_BADGES: Record<InputMode, string> = {
  navigate: ' NAVIGATE ',
  insert: ' INSERT ',
};
/** Distinct colours so the mode is readable from the corner of an eye. */
export const MODE_COLORS: Record<InputMode, string> = { navigate: 'blue', insert: 'green' };
export const PREFIX_BADGE = ' PREFIX ';
export const NAVIGATE_HINTS =
  'i insert · ←↑↓→ move · 0 master · t task · p pause · x kill · ? help · q quit';
export const insertHints = (prefixLabel: string): string =>
  `${prefixLabel} Esc navigate · ${prefixLabel} ? help`;
/** INSERT on the master pane: typing a command. */
export const COMMAND_LINE_HINTS = 'Enter run · Tab complete · Esc navigate';
/** `2 need you · n jumps`: workers waiting for the human. */
export const needYouText = (count: number): string => `${count} need you · n jumps`;

type NoticeLevel = NonNullable<UiState['notice']>['level'];
export const NOTICE_COLORS: Record<NoticeLevel, string | undefined> = {
  info: undefined,
  warn: 'yellow',
  error: 'red',
};

const MAX_NAME_WIDTH = 24;
/** Hints squeezed below this are noise; drop them instead. */
const MIN_HINTS_WIDTH = 8;
const GAP = 2;

export interface StatusBarProps {
  store: AppStore;
  rect: Rect;
}

/**
 * One row: mode badge, prefix indicator, focused pane, the notice, and the keys
 * that work in this mode. Never wider than the row — the notice outranks the
 * hints, which are cut first.
 */
export const StatusBar = memo(function StatusBar({ store, rect }: StatusBarProps) {
  const mode = useStore(store, (s) => s.ui.inputMode);
  const prefixPending = useStore(store, (s) => s.ui.prefixPending);
  const prefixLabel = useStore(store, (s) => s.ui.prefixLabel);
  const notice = useStore(store, (s) => s.ui.notice);
  const onMaster = useStore(store, (s) => s.layout.focus === MASTER_PANE_ID);
  const needYou = useStore(
    store,
    (s) => s.workerOrder.filter((id) => s.workers[id] && needsHuman(s.workers[id].status)).length,
  );
  const focusName = useStore(store, (s) =>
    s.layout.focus === MASTER_PANE_ID
      ? MASTER_PANE_ID
      : (s.workers[s.layout.focus]?.name ?? s.layout.focus),
  );

  const width = rect.width;
  const badge = truncate(MODE_BADGES[mode], width);
  const prefix = prefixPending ? truncate(PREFIX_BADGE, width - textWidth(badge)) : '';
  const used = textWidth(badge) + textWidth(prefix);
  const name = truncate(` ${truncate(focusName, MAX_NAME_WIDTH)} `, width - used);
  let rest = width - used - textWidth(name);
  // Someone waiting on the human outranks even the notice.
  const needYouLabel = needYou > 0 ? truncate(` ${needYouText(needYou)} `, rest) : '';
  rest -= textWidth(needYouLabel);
  const noticeText = notice ? truncate(notice.text, rest) : '';
  rest -= textWidth(noticeText);
  const hintsRoom = rest - GAP;
  const hintsSource =
    mode === 'navigate' ? NAVIGATE_HINTS : onMaster ? COMMAND_LINE_HINTS : insertHints(prefixLabel);
  const hints = hintsRoom >= MIN_HINTS_WIDTH ? truncate(hintsSource, hintsRoom) : '';

  // The hints sit at the right end. They are placed there rather than pushed by a
  // run of spaces, which Ink would tokenize and measure like any other text.
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
        <Text inverse bold color={MODE_COLORS[mode]}>
          {badge}
        </Text>
        {prefix ? (
          <Text inverse bold color="yellow">
            {prefix}
          </Text>
        ) : null}
        <Text bold>{name}</Text>
        {needYouLabel ? (
          <Text inverse bold color={NEEDS_HUMAN_COLOR}>
            {needYouLabel}
          </Text>
        ) : null}
        {noticeText ? (
          <Text color={notice ? NOTICE_COLORS[notice.level] : undefined}>{noticeText}</Text>
        ) : null}
      </Text>
      {hints ? (
        <Box position="absolute" marginLeft={width - textWidth(hints)}>
          <Text dimColor>{hints}</Text>
        </Box>
      ) : null}
    </Box>
  );
}, sameStatusBarProps);

function sameStatusBarProps(a: StatusBarProps, b: StatusBarProps): boolean {
  return a.store === b.store && sameRect(a.rect, b.rect);
}
