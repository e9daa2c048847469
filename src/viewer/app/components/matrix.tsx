// The eval matrix: one row per test (description, vars), one column per prompt × provider. Only
// the rows in view are in the DOM (virtualised); the column header row is sticky inside the one
// scroll container, and columns resize by dragging their header's right edge.

import type { TargetedPointerEvent } from 'preact';
import { useRef, useState } from 'preact/hooks';
import type { CellSummary, EvalHeader, ViewColumn, ViewRow } from '../../contract.js';
import { valueText } from '../embedded-filter.js';
import { count, money, ms, score } from './format.js';
import { OutputView, type RenderMode } from './output-view.js';
import type { RowsState } from './use-rows.js';
import { useVirtualRows } from './use-virtual-rows.js';

interface Props {
  header: EvalHeader;
  columns: ViewColumn[];
  varNames: string[];
  rows: RowsState;
  mode: RenderMode;
  selectedCell: string | undefined;
  onOpenCell: (cellId: string) => void;
}

const DEFAULT_WIDTH = { test: 220, var: 200, result: 340 };

export function Matrix({ columns, varNames, rows, mode, selectedCell, onOpenCell }: Props) {
  const scrollRef = useRef<HTMLDivElement>(null);
  const [widths, setWidths] = useState<Record<string, number>>({});
  const virtual = useVirtualRows(scrollRef, rows.total ?? 0, 120);

  const keys = ['test', ...varNames.map((name) => `var:${name}`), ...columns.map((c) => `col:${c.promptIdx}`)];
  const widthOf = (key: string) =>
    widths[key] ??
    (key === 'test' ? DEFAULT_WIDTH.test : key.startsWith('var:') ? DEFAULT_WIDTH.var : DEFAULT_WIDTH.result);
  const template = keys.map((key) => `${widthOf(key)}px`).join(' ');
  const totalWidth = keys.reduce((sum, key) => sum + widthOf(key), 0);
  const resize = (key: string, width: number) => setWidths((prev) => ({ ...prev, [key]: Math.max(80, width) }));

  return (
    <div class="matrix-scroll" ref={scrollRef}>
      <div class="matrix" style={{ width: `${totalWidth}px` }}>
        <div class="matrix-head" style={{ gridTemplateColumns: template }}>
          <HeadCell label="Test" width={widthOf('test')} onResize={(w) => resize('test', w)} />
          {varNames.map((name) => (
            <HeadCell
              key={`var:${name}`}
              label={name}
              kind="var"
              width={widthOf(`var:${name}`)}
              onResize={(w) => resize(`var:${name}`, w)}
            />
          ))}
          {columns.map((column) => (
            <HeadCell
              key={`col:${column.promptIdx}`}
              label={column.providerLabel ?? column.provider}
              sublabel={column.promptLabel}
              title={column.promptRaw}
              width={widthOf(`col:${column.promptIdx}`)}
              onResize={(w) => resize(`col:${column.promptIdx}`, w)}
            />
          ))}
        </div>
        <div class="matrix-body" style={{ height: `${virtual.getTotalSize()}px` }}>
          {virtual.getVirtualItems().map((item) => {
            const row = rows.row(item.index);
            return (
              <div
                key={item.key}
                class="matrix-row"
                data-index={item.index}
                ref={(el) => {
                  if (el) virtual.measureElement(el);
                }}
                style={{ gridTemplateColumns: template, transform: `translateY(${item.start}px)` }}
              >
                {row ? (
                  <RowCells
                    row={row}
                    index={item.index}
                    varNames={varNames}
                    columns={columns}
                    mode={mode}
                    selectedCell={selectedCell}
                    onOpenCell={onOpenCell}
                  />
                ) : (
                  <div class="placeholder">Loading row {item.index + 1}…</div>
                )}
              </div>
            );
          })}
        </div>
      </div>
      {rows.total === 0 && <p class="muted empty">No rows match these filters.</p>}
    </div>
  );
}

function HeadCell(props: {
  label: string;
  sublabel?: string;
  title?: string;
  kind?: string;
  width: number;
  onResize: (width: number) => void;
}) {
  const startDrag = (event: TargetedPointerEvent<HTMLSpanElement>) => {
    event.preventDefault();
    const startX = event.clientX;
    const startWidth = props.width;
    const target = event.currentTarget;
    target.setPointerCapture(event.pointerId);
    const move = (e: PointerEvent) => props.onResize(startWidth + e.clientX - startX);
    const stop = () => {
      target.removeEventListener('pointermove', move);
      target.removeEventListener('pointerup', stop);
    };
    target.addEventListener('pointermove', move);
    target.addEventListener('pointerup', stop);
  };
  return (
    <div class={`head-cell ${props.kind ?? ''}`} title={props.title}>
      <div class="head-label">{props.label}</div>
      {props.sublabel && <div class="head-sub">{props.sublabel}</div>}
      <span class="resizer" onPointerDown={startDrag} aria-hidden="true" />
    </div>
  );
}

function RowCells(props: {
  row: ViewRow;
  index: number;
  varNames: string[];
  columns: ViewColumn[];
  mode: RenderMode;
  selectedCell: string | undefined;
  onOpenCell: (cellId: string) => void;
}) {
  const { row } = props;
  return (
    <>
      <div class="test-cell">
        <span class="row-num">#{row.testIdx + 1}</span>
        {row.description && <div class="description">{row.description}</div>}
      </div>
      {props.varNames.map((name) => (
        <div key={name} class="var-cell">
          {valueText(row.vars[name])}
        </div>
      ))}
      {props.columns.map((column) => {
        const cell = row.cells[column.promptIdx];
        return cell ? (
          <ResultCell
            key={column.promptIdx}
            cell={cell}
            mode={props.mode}
            selected={cell.cellId === props.selectedCell}
            onOpen={() => props.onOpenCell(cell.cellId)}
          />
        ) : (
          <div key={column.promptIdx} class="result-cell empty-cell" />
        );
      })}
    </>
  );
}

function ResultCell({
  cell,
  mode,
  selected,
  onOpen,
}: {
  cell: CellSummary;
  mode: RenderMode;
  selected: boolean;
  onOpen: () => void;
}) {
  const facts = [
    cell.latencyMs !== undefined ? ms(cell.latencyMs) : '',
    cell.tokensTotal !== undefined ? `${count(cell.tokensTotal)} tok` : '',
    cell.cost !== undefined ? money(cell.cost) : '',
    cell.attempts > 1 ? `${cell.attempts} attempts` : '',
  ].filter(Boolean);
  return (
    <div class={`result-cell status-${cell.status}${selected ? ' selected' : ''}`} data-cell-id={cell.cellId}>
      <button type="button" class="cell-open" onClick={onOpen} title="Show this cell's details">
        <span class={`badge ${cell.status}`}>{cell.status.toUpperCase()}</span>
        {cell.score !== undefined && <span class="score">{score(cell.score)}</span>}
        {cell.errorKind && <span class="error-kind">{cell.errorKind}</span>}
        <span class="facts">{facts.join(' · ')}</span>
      </button>
      <div class="cell-output">
        <OutputView text={cell.output} mode={mode} />
        {cell.outputTruncated && <span class="muted"> … (cut; open details for all)</span>}
      </div>
      {cell.failureReasons.length > 0 && (
        <ul class="reasons">
          {cell.failureReasons.slice(0, 3).map((reason, i) => (
            <li key={i}>{reason}</li>
          ))}
        </ul>
      )}
    </div>
  );
}
