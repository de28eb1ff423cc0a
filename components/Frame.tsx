import { Box, Text } from 'ink';
import type { ReactNode } from 'react';
import type { Rect } from '../src/layout/types.js';
import { fit, textWidth, truncate } from '../src/layout/text.js';

/** The focus colour: borders, title background, key names. */
export const FOCUS_COLOR = 'cyan';

const BORDERS = {
  single: { topLeft: '┌', topRight: '┐', bottomLeft: '└', bottomRight: '┘', horizontal: '─' },
  double: { topLeft: '╔', topRight: '╗', bottomLeft: '╚', bottomRight: '╝', horizontal: '═' },
} as const;

export interface FrameProps {
  rect: Rect;
  /** Plain text; the frame truncates it with … to fit the top border. */
  title: string;
  titleColor?: string;
  /** Right-aligned in the bottom border (e.g. the scrollback indicator). */
  footer?: string;
  footerColor?: string;
  /** Focused frames get a bold double border in FOCUS_COLOR and an inverse title. */
  focused: boolean;
  /** A border colour that outranks the focus colour: a pane that needs attention. */
  accentColor?: string;
  /** Paint the interior with spaces so the frame hides whatever chrome lies beneath. */
  opaque?: boolean;
  children?: ReactNode;
}

/**
 * A bordered rectangle at absolute screen coordinates, with a title in its top
 * border. Ink's own border cannot carry a title, so the top and bottom lines
 * are text and only the side borders are Ink's. Without `opaque` or children
 * the interior is never written, which leaves it to the compositor.
 */
export function Frame(props: FrameProps) {
  const { rect, focused } = props;
  const chars = focused ? BORDERS.double : BORDERS.single;
  const borderColor = props.accentColor ?? (focused ? FOCUS_COLOR : undefined);
  const dim = !focused && !props.accentColor;
  const inner = Math.max(0, rect.width - 2);
  const interiorHeight = Math.max(0, rect.height - 2);

  // "┌─ title ───┐": one rule cell, a space either side of the title, at least one rule cell after.
  const title = truncate(props.title, inner - 4);
  const titleRule = Math.max(0, inner - textWidth(title) - 3);
  const footer = props.footer ? truncate(props.footer, inner - 4) : '';
  const footerRule = Math.max(0, inner - textWidth(footer) - 3);

  const rule = { color: borderColor, bold: focused, dimColor: dim };
  return (
    <Box
      position="absolute"
      marginLeft={rect.x}
      marginTop={rect.y}
      width={rect.width}
      height={rect.height}
      flexDirection="column"
    >
      <Box height={1} width={rect.width}>
        <Text {...rule}>
          {chars.topLeft + chars.horizontal.repeat(title ? 1 : inner) + (title ? ' ' : '')}
        </Text>
        {title ? (
          <Text
            inverse={focused}
            bold={focused}
            color={props.titleColor ?? borderColor}
            dimColor={dim && !props.titleColor}
          >
            {title}
          </Text>
        ) : null}
        <Text {...rule}>
          {(title ? ' ' + chars.horizontal.repeat(titleRule) : '') + chars.topRight}
        </Text>
      </Box>
      <Box
        // Mounted afresh when the border style changes: Ink re-applies a changed
        // border style with its top edge, pushing the contents one row down.
        key={focused ? 'double' : 'single'}
        width={rect.width}
        height={interiorHeight}
        borderStyle={focused ? 'double' : 'single'}
        borderTop={false}
        borderBottom={false}
        borderColor={borderColor}
        borderDimColor={dim}
        flexDirection="column"
      >
        {props.opaque ? <Blank width={inner} height={interiorHeight} /> : null}
        {props.children}
      </Box>
      <Box height={1} width={rect.width}>
        <Text {...rule}>
          {chars.bottomLeft +
            chars.horizontal.repeat(footer ? footerRule : inner) +
            (footer ? ' ' : '')}
        </Text>
        {footer ? <Text color={props.footerColor ?? borderColor}>{footer}</Text> : null}
        <Text {...rule}>{(footer ? ' ' + chars.horizontal : '') + chars.bottomRight}</Text>
      </Box>
    </Box>
  );
}

/** Spaces over the whole interior; drawn first so the children land on top. */
function Blank(props: { width: number; height: number }) {
  const line = fit('', props.width);
  return (
    <Box position="absolute" width={props.width} height={props.height} flexDirection="column">
      {Array.from({ length: props.height }, (_, i) => (
        <Text key={i}>{line}</Text>
      ))}
    </Box>
  );
}

export { centeredRect } from '../src/layout/overlays.js';
