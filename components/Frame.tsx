import { Box, Text } from 'ink';
import type { ReactNode } from 'react';
import type { Rect } from '../src/layout/types.js';
import { fit, textWidth, truncate } from '../src/layout/text.js';

/** The focus colour: borders, title background, key names. */
export const FOCUS_COLOR = 'cyan';

/** A focused frame's top and bottom lines: Ink's `double` border, but bold. */
const FOCUSED_RULES = {
  topLeft: '╔',
  topRight: '╗',
  bottomLeft: '╚',
  bottomRight: '╝',
  horizontal: '═',
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
 * border. Without `opaque` or children the interior is never written, which
 * leaves it to the compositor.
 *
 * The border is Ink's own, with the title and footer written over it: border
 * lines of equal panes are the same strings, which Ink tokenizes once per
 * frame, while a rule written as text costs Ink a grapheme walk per cell, every
 * frame. Ink cannot draw a bold border, so a focused frame's top and bottom
 * lines are written over whole, as text.
 */
export function Frame(props: FrameProps) {
  const { rect, focused } = props;
  const borderColor = props.accentColor ?? (focused ? FOCUS_COLOR : undefined);
  const dim = !focused && !props.accentColor;
  const inner = Math.max(0, rect.width - 2);
  const interiorHeight = Math.max(0, rect.height - 2);

  // "┌─ title ───┐": one rule cell, a space either side of the title, at least one rule cell after.
  const title = truncate(props.title, inner - 4);
  const footer = props.footer ? truncate(props.footer, inner - 4) : '';
  const rule: RuleStyle = { color: borderColor, bold: focused, dimColor: dim };
  const titleText = title ? (
    <Text
      inverse={focused}
      bold={focused}
      color={props.titleColor ?? borderColor}
      dimColor={dim && !props.titleColor}
    >
      {title}
    </Text>
  ) : null;
  const footerText = footer ? <Text color={props.footerColor ?? borderColor}>{footer}</Text> : null;

  // Over the border: offsets count from the interior's top left corner.
  let top: ReactNode = null;
  let bottom: ReactNode = null;
  if (focused) {
    const chars = FOCUSED_RULES;
    const titleRule = Math.max(0, inner - textWidth(title) - 3);
    const footerRule = Math.max(0, inner - textWidth(footer) - 3);
    top = (
      <Over x={-1} y={-1}>
        <Text {...rule}>
          {chars.topLeft + chars.horizontal.repeat(title ? 1 : inner) + (title ? ' ' : '')}
        </Text>
        {titleText}
        <Text {...rule}>
          {(title ? ' ' + chars.horizontal.repeat(titleRule) : '') + chars.topRight}
        </Text>
      </Over>
    );
    bottom = (
      <Over x={-1} y={interiorHeight}>
        <Text {...rule}>
          {chars.bottomLeft +
            chars.horizontal.repeat(footer ? footerRule : inner) +
            (footer ? ' ' : '')}
        </Text>
        {footerText}
        <Text {...rule}>{(footer ? ' ' + chars.horizontal : '') + chars.bottomRight}</Text>
      </Over>
    );
  } else {
    // Styled like the rule around it (the usual case), the title is one run: fewer SGR codes to tokenize.
    const titleLikeRule = !props.titleColor || (props.titleColor === borderColor && !dim);
    if (title && titleLikeRule) {
      top = (
        <Over x={1} y={-1}>
          <Text {...rule}>{` ${title} `}</Text>
        </Over>
      );
    } else if (titleText) {
      top = (
        <Over x={1} y={-1}>
          <Text>
            <Text {...rule}> </Text>
            {titleText}
            <Text {...rule}> </Text>
          </Text>
        </Over>
      );
    }
    if (footerText) {
      bottom = (
        <Over x={inner - textWidth(footer) - 3} y={interiorHeight}>
          <Text>
            <Text {...rule}> </Text>
            {footerText}
            <Text {...rule}> </Text>
          </Text>
        </Over>
      );
    }
  }

  return (
    <Box
      position="absolute"
      marginLeft={rect.x}
      marginTop={rect.y}
      width={rect.width}
      height={rect.height}
      flexDirection="column"
      // Both styles have all four edges, so a change of style moves nothing.
      borderStyle={focused ? 'double' : 'single'}
      borderColor={borderColor}
      borderDimColor={dim}
    >
      {props.opaque ? <Blank width={inner} height={interiorHeight} /> : null}
      {props.children}
      {top}
      {bottom}
    </Box>
  );
}

/** One line written over the frame's border, `x`, `y` from the interior's top left corner. */
function Over(props: { x: number; y: number; children: ReactNode }) {
  return (
    <Box position="absolute" marginLeft={props.x} marginTop={props.y} height={1}>
      {props.children}
    </Box>
  );
}

interface RuleStyle {
  color: string | undefined;
  bold: boolean;
  dimColor: boolean;
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
