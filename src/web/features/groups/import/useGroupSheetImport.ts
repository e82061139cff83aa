import { useMemo, useRef, useState } from 'react';
import type { GroupSheetAreaChoice, GroupSheetField, GroupSheetOptions } from '../../../../shared/group-import.js';
import type { GroupSheetResult } from '../../../../shared/groups.js';
import { downloadGroupImportErrors, useGroupImport, useGroupImportPreview, type ChosenSheet } from '../../../api/groups.js';
import { rowErrorsOf } from '../../../components/SheetImport.js';

export type SheetNeed = GroupSheetResult['needs'][number];
export type SheetDefaults = NonNullable<GroupSheetOptions['defaults']>;

/** The default that answers each need of the sheet. */
const defaultOf: Record<SheetNeed, keyof SheetDefaults> = { type: 'typeCode', area: 'unitCode', founded: 'foundedOn' };

/** Whether an import writes anything: new or changed groups, people or memberships. */
export const changesOf = (r: GroupSheetResult) =>
  r.groups.create + r.groups.update + r.people.create + r.people.update + r.memberships.create + r.memberships.update;

/**
 * One import of groups and members: the chosen sheet and every choice the officer makes about
 * it (how its columns are read, what it lacks, which village a name means, the confirmation of
 * a change to past censuses). Each choice asks for a new preview; the import sends the same.
 * The choices outlive the file, so that the corrected sheet chosen again is read the same way.
 */
export function useGroupSheetImport() {
  const counter = useRef(0);
  const [sheet, setSheet] = useState<ChosenSheet | null>(null);
  const [mapping, setMapping] = useState<Record<string, GroupSheetField | null>>({});
  const [defaults, setDefaults] = useState<SheetDefaults>({});
  const [areas, setAreas] = useState<Record<string, string>>({});
  /** The unit chosen for the whole file: the picker holds its id, the options its code. */
  const [fileUnitId, setFileUnitId] = useState<string | null>(null);
  const [confirmPastChange, setConfirmPastChange] = useState(false);
  const [sent, setSent] = useState<number | null>(null);
  const [downloading, setDownloading] = useState(false);
  const [downloadError, setDownloadError] = useState<Error | null>(null);

  const options = useMemo<GroupSheetOptions>(() => {
    const o: GroupSheetOptions = {};
    if (Object.keys(mapping).length > 0) o.mapping = mapping;
    const given = Object.fromEntries(Object.entries(defaults).filter(([, v]) => !!v)) as SheetDefaults;
    if (Object.keys(given).length > 0) o.defaults = given;
    if (Object.keys(areas).length > 0) o.areas = areas;
    return o;
  }, [mapping, defaults, areas]);

  const query = useGroupImportPreview(sheet, options);
  const commit = useGroupImport();
  // A choice the server refuses keeps the last answer on screen, so that it can be undone there.
  const lastGood = useRef<{ sheetId: number; preview: GroupSheetResult } | null>(null);
  if (query.data && sheet) lastGood.current = { sheetId: sheet.id, preview: query.data };
  const preview = query.data ?? (query.isError && lastGood.current?.sheetId === sheet?.id ? lastGood.current?.preview : undefined);
  // The answer on screen is for other choices while the new one is on its way, or was refused.
  const current = !!query.data && !query.isPlaceholderData && !query.isFetching && !query.isError;

  // A name once chosen no longer comes back as a question: it stays on screen, to be seen and changed.
  const seenChoices = useRef(new Map<string, GroupSheetAreaChoice>());
  for (const c of preview?.areaChoices ?? []) seenChoices.current.set(c.name, c);
  const areaChoices = [
    ...(preview?.areaChoices ?? []),
    ...[...seenChoices.current.values()].filter((c) => areas[c.name] && !preview?.areaChoices.some((p) => p.name === c.name)),
  ];

  const missing = preview ? preview.needs.filter((n) => !defaults[defaultOf[n]]) : [];
  const unchosen = preview ? preview.areaChoices.filter((c) => !areas[c.name]) : [];
  const unconfirmed = !!preview?.confirmationNeeded && !confirmPastChange;
  const committed = commit.data?.committed ? commit.data : undefined;
  const canImport =
    !!sheet && current && !!preview && !committed && !commit.isPending && preview.errorCount === 0 && missing.length === 0 && unchosen.length === 0 && !unconfirmed && changesOf(preview) > 0;

  const refusedRows = rowErrorsOf(commit.error);

  return {
    sheet,
    preview,
    /** A preview is being asked for (the first, or after a change of the choices). */
    previewing: query.isFetching,
    current,
    previewError: query.error,
    mapping,
    defaults,
    areas,
    /** The names to tell apart: those the preview asks about, and those already answered. */
    areaChoices,
    fileUnitId,
    confirmPastChange,
    missing,
    unchosen,
    unconfirmed,
    canImport,
    committed,
    committing: commit.isPending,
    /** Bytes of the file sent so far during the import, out of its size. */
    sent,
    /** The import was refused: for rows in error (their list), or for another reason. */
    commitError: commit.error,
    refusedRows,
    downloading,
    downloadError,

    choose(file: File | null) {
      commit.reset();
      setConfirmPastChange(false);
      setDownloadError(null);
      setSheet(file ? { id: ++counter.current, file } : null);
    },
    /** Reads the column with this header as `field` (null: not imported). */
    map(header: string, field: GroupSheetField | null) {
      setMapping((m) => ({ ...m, [header]: field }));
    },
    setDefault<K extends keyof SheetDefaults>(key: K, value: SheetDefaults[K] | null) {
      setDefaults((d) => {
        const next = { ...d };
        if (value) next[key] = value;
        else delete next[key];
        return next;
      });
    },
    setFileUnit(unit: { id: string; code: string } | null) {
      setFileUnitId(unit?.id ?? null);
      setDefaults((d) => {
        const next = { ...d };
        if (unit) next.unitCode = unit.code;
        else delete next.unitCode;
        return next;
      });
    },
    chooseArea(name: string, code: string | null) {
      setAreas((a) => {
        const next = { ...a };
        if (code) next[name] = code;
        else delete next[name];
        return next;
      });
    },
    setConfirmPastChange,
    confirm() {
      if (!sheet || !canImport) return;
      setSent(0);
      commit.mutate(
        { file: sheet.file, options: { ...options, ...(preview?.confirmationNeeded ? { confirmPastChange: true } : {}) }, onProgress: (s) => setSent(s) },
        { onSettled: () => setSent(null) },
      );
    },
    async downloadErrors() {
      if (!sheet) return;
      setDownloading(true);
      setDownloadError(null);
      try {
        await downloadGroupImportErrors(sheet.file, options);
      } catch (error) {
        setDownloadError(error instanceof Error ? error : new Error(String(error)));
      } finally {
        setDownloading(false);
      }
    },
  };
}

export type GroupSheetImport = ReturnType<typeof useGroupSheetImport>;
