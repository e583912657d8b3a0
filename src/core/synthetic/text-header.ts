/**
 * The 3200-byte card-image textual header of a synthetic survey.
 *
 * @module
 */
import type { SurveySpec } from "./survey-spec";

const LINES = 40;
const WIDTH = 80;

function geometryLines(spec: SurveySpec): string[] {
  switch (spec.kind) {
    case "shots-2d":
      return [
        `2-D LINE: ${spec.shots} SHOTS X ${spec.channels} CHANNELS, ${spec.spread.toUpperCase()} SPREAD`,
        `SHOT SPACING ${spec.shotSpacing} M, RECEIVER SPACING ${spec.receiverSpacing} M` +
          (spec.spread === "end-on" ? `, NEAR OFFSET ${spec.nearOffset} M` : ""),
        `DIRECT WAVE ${spec.directVelocity} M/S, AMPLITUDE ${spec.directAmplitude}`,
      ];
    case "shots-3d":
      return [
        `3-D ORTHOGONAL: ${spec.sourceLines} SOURCE LINES X ${spec.shotsPerLine} SHOTS, ` +
          `PATCH ${spec.receiverLines} X ${spec.channelsPerLine}`,
        `SOURCE LINE SPACING ${spec.sourceLineSpacing} M, SHOT SPACING ${spec.shotSpacing} M`,
        `RECEIVER LINE SPACING ${spec.receiverLineSpacing} M, RECEIVER SPACING ${spec.receiverSpacing} M`,
        `DIRECT WAVE ${spec.directVelocity} M/S, AMPLITUDE ${spec.directAmplitude}`,
      ];
    case "poststack-3d":
      return [
        `POST-STACK CUBE: ${spec.inlines} INLINES X ${spec.crosslines} CROSSLINES`,
        `INLINE SPACING ${spec.inlineSpacing} M, CROSSLINE SPACING ${spec.crosslineSpacing} M`,
      ];
  }
}

/**
 * Builds the 40-line card-image textual header ("C 1 " ... "C40 ", each line padded or cut to 80 characters,
 * 3200 characters, printable ASCII) describing a survey.
 *
 * @example
 * ```ts
 * const text = buildTextHeader(resolveSurveySpec({}), 3840, 1, 252);
 * text.length;        // 3200
 * text.slice(0, 4);   // "C 1 "
 * ```
 */
export function buildTextHeader(spec: SurveySpec, traceCount: number, inlines: number, crosslines: number): string {
  const body = [
    "SeisProc synthetic seismic survey: generated data, not a field recording",
    `KIND ${spec.kind}   SEED ${spec.seed}   LINE ${spec.lineNumber}`,
    `${traceCount} TRACES, ${spec.samples} SAMPLES, INTERVAL ${spec.sampleIntervalUs} US, FORMAT ${spec.format}`,
    ...geometryLines(spec),
    `ORIGIN X ${spec.originX} Y ${spec.originY} M, ROTATION ${spec.rotationDeg} DEG CCW FROM X`,
    `BIN GRID ${inlines} INLINES FROM ${spec.firstInline} X ${crosslines} CROSSLINES FROM ${spec.firstCrossline}`,
    "COORDINATES AND ELEVATIONS IN CM (SCALAR -100), METRES",
    `ELEVATION ${spec.elevation} M +/- ${spec.topography} M`,
    `RICKER ${spec.frequency} HZ, NOISE SIGMA ${spec.noise}, SPREADING ${spec.spreadingMs} MS`,
    "REFLECTORS: T0 MS, VRMS M/S, AMPLITUDE, DIP ALONG/ACROSS MS/KM, DOME MS",
    ...spec.reflectors.slice(0, 12).map(
      (r, i) =>
        `  ${i + 1}: ${r.t0Ms} ${r.velocity} ${r.amplitude} ${r.dipAlongMsPerKm}/${r.dipAcrossMsPerKm} ${r.domeMs}`,
    ),
    ...(spec.reflectors.length > 12 ? [`  ... AND ${spec.reflectors.length - 12} MORE`] : []),
    "BYTES: INLINE 189, XLINE 193, CDP 21, CDP_X 181, CDP_Y 185, OFFSET 37",
  ];
  const lines: string[] = [];
  for (let i = 0; i < LINES; i++) {
    const number = i + 1;
    const prefix = number < 10 ? `C ${number} ` : `C${number} `;
    let text = i < LINES - 2 ? (body[i] ?? "") : i === LINES - 2 ? "SEG-Y REV1" : "END TEXTUAL HEADER";
    text = text.replace(/[^\x20-\x7e]/g, "?");
    lines.push((prefix + text).slice(0, WIDTH).padEnd(WIDTH, " "));
  }
  return lines.join("");
}
