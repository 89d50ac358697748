import pc from 'picocolors';

/**
 * Colours for one output stream: on only when that stream is a terminal (or FORCE_COLOR is set), off
 * under NO_COLOR. picocolors alone also colours whenever a CI variable is set, which would put escape
 * codes into piped output and logs.
 */
export function coloursFor(stream: NodeJS.WriteStream): ReturnType<typeof pc.createColors> {
  const env = process.env;
  const enabled = !('NO_COLOR' in env) && ('FORCE_COLOR' in env || stream.isTTY === true);
  return pc.createColors(enabled);
}
