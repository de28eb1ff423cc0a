import { Box, Text } from 'ink';
import { useStore } from 'zustand';
import type { Rect } from '../../src/layout/types.js';
import type { ReplayStore } from '../../src/replay/replayStore.js';
import { timelineLine } from '../../src/replay/timelineText.js';
import { FOCUS_COLOR } from '../Frame.js';

export const PLAYED_COLOR = FOCUS_COLOR;

export interface TimelineProps {
  store: ReplayStore;
  rect: Rect;
}

/** `▶ 01:23 / 10:45  ×2  ──●───|──|────`: the played part in colour, markers as ticks. */
export function Timeline({ store, rect }: TimelineProps) {
  const positionMs = useStore(store, (s) => s.positionMs);
  const durationMs = useStore(store, (s) => s.durationMs);
  const playing = useStore(store, (s) => s.playing);
  const speed = useStore(store, (s) => s.speed);
  const live = useStore(store, (s) => s.live);
  const idleLimitS = useStore(store, (s) => s.idleLimitS);
  const markers = useStore(store, (s) => s.markers);
  const line = timelineLine(
    { positionMs, durationMs, playing, speed, live, idleLimitS, markers },
    rect.width,
  );
  const played = line.at >= 0 ? line.bar.slice(0, line.at) : '';
  const rest = line.at >= 0 ? line.bar.slice(line.at + 1) : '';
  return (
    <Box
      position="absolute"
      marginLeft={rect.x}
      marginTop={rect.y}
      width={rect.width}
      height={1}
      overflow="hidden"
    >
      <Text wrap="truncate">
        <Text bold>{line.head}</Text>
        <Text color={PLAYED_COLOR}>{played}</Text>
        {line.at >= 0 ? (
          <Text bold color={PLAYED_COLOR}>
            {line.bar[line.at]}
          </Text>
        ) : null}
        <Text dimColor>{rest}</Text>
        {line.tail ? <Text color={live ? 'red' : undefined}>{line.tail}</Text> : null}
      </Text>
    </Box>
  );
}
