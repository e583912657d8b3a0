/**
 * The 400-byte SEG-Y binary file header (bytes 3201–3600), every rev 2.1 field by byte position, under
 * segyio's names where segyio has one.
 *
 * @module
 */
import type { FieldType, HeaderField } from "./header-field";

function b(byte: number, type: FieldType, name: string, description: string): HeaderField {
  return Object.freeze({ name, byte, type, description });
}

/** First byte (1-based, in the file) of the binary header. */
export const BINARY_HEADER_START = 3201;
/** Size of the binary header in bytes. */
export const BINARY_HEADER_BYTES = 400;
/** The rev 2 integer constant at bytes 3297–3300, as written in the file's byte order. */
export const SEGY_INTEGER_CONSTANT = 0x01020304;

/** All fields of the binary header; bytes 3301–3500 and 3533–3600 are unassigned. */
export const BINARY_HEADER_FIELDS: readonly HeaderField[] = Object.freeze([
  b(3201, "int32", "JobID", "Job identification number"),
  b(3205, "int32", "LineNumber", "Line number"),
  b(3209, "int32", "ReelNumber", "Reel number"),
  b(3213, "int16", "Traces", "Number of data traces per ensemble"),
  b(3215, "int16", "AuxTraces", "Number of auxiliary traces per ensemble"),
  b(3217, "int16", "Interval", "Sample interval (microseconds)"),
  b(3219, "int16", "IntervalOriginal", "Sample interval of original field recording"),
  b(3221, "uint16", "Samples", "Number of samples per data trace"),
  b(3223, "uint16", "SamplesOriginal", "Number of samples per data trace for original field recording"),
  b(3225, "int16", "Format", "Data sample format code"),
  b(3227, "int16", "EnsembleFold", "Ensemble fold"),
  b(3229, "int16", "SortingCode", "Trace sorting code"),
  b(3231, "int16", "VerticalSum", "Vertical sum code"),
  b(3233, "int16", "SweepFrequencyStart", "Sweep frequency at start (Hz)"),
  b(3235, "int16", "SweepFrequencyEnd", "Sweep frequency at end (Hz)"),
  b(3237, "int16", "SweepLength", "Sweep length (ms)"),
  b(3239, "int16", "Sweep", "Sweep type code"),
  b(3241, "int16", "SweepChannel", "Trace number of sweep channel"),
  b(3243, "int16", "SweepTaperStart", "Sweep trace taper length at start (ms)"),
  b(3245, "int16", "SweepTaperEnd", "Sweep trace taper length at end (ms)"),
  b(3247, "int16", "Taper", "Taper type"),
  b(3249, "int16", "CorrelatedTraces", "Correlated data traces: 1 no, 2 yes"),
  b(3251, "int16", "BinaryGainRecovery", "Binary gain recovered: 1 yes, 2 no"),
  b(3253, "int16", "AmplitudeRecovery", "Amplitude recovery method"),
  b(3255, "int16", "MeasurementSystem", "Measurement system: 1 metres, 2 feet"),
  b(3257, "int16", "ImpulseSignalPolarity", "Impulse signal polarity"),
  b(3259, "int16", "VibratoryPolarity", "Vibratory polarity code"),
  b(3261, "int32", "ExtTraces", "Extended number of data traces per ensemble (rev 2)"),
  b(3265, "int32", "ExtAuxTraces", "Extended number of auxiliary traces per ensemble (rev 2)"),
  b(3269, "int32", "ExtSamples", "Extended number of samples per data trace (rev 2)"),
  b(3273, "float64", "ExtInterval", "Extended sample interval, IEEE double (rev 2)"),
  b(3281, "float64", "ExtIntervalOriginal", "Extended sample interval of original field recording (rev 2)"),
  b(3289, "int32", "ExtSamplesOriginal", "Extended number of samples per trace in original recording (rev 2)"),
  b(3293, "int32", "ExtEnsembleFold", "Extended ensemble fold (rev 2)"),
  b(3297, "int32", "IntegerConstant", "The integer constant 16909060 (0x01020304), for byte-order detection (rev 2)"),
  b(3501, "uint16", "SEGYRevision", "SEG-Y format revision: major in byte 3501, minor in byte 3502"),
  b(3503, "int16", "TraceFlag", "Fixed length trace flag: 1 all traces have the same length"),
  b(3505, "int16", "ExtendedHeaders", "Number of 3200-byte extended textual headers (-1: variable, ended by an EndText stanza)"),
  b(3507, "int32", "MaxAdditionalTraceHeaders", "Maximum number of additional 240-byte trace headers (rev 2)"),
  b(3511, "int16", "TimeBasisCode", "Time basis code: 1 local, 2 GMT, 3 other, 4 UTC, 5 GPS (rev 2)"),
  b(3513, "uint64", "NumberOfTraces", "Number of traces in this file or stream (rev 2)"),
  b(3521, "uint64", "ByteOffsetOfData", "Byte offset of the first trace (rev 2)"),
  b(3529, "int32", "TrailerStanzas", "Number of 3200-byte data trailer stanza records (rev 2)"),
]);

/** Binary header values by field name. */
export type BinaryHeader = Record<string, number>;
