// The monitor's screen: model bar, clients, a lesson's pane, step mode's held call, readiness, queue depths, event log, footer; help or the lesson list on top.
import {useRef} from 'react';
import {Box, useApp} from 'ink';
import type {MonitorController} from './monitor-controller.js';
import type {KeyBinding} from './keymap.js';
import {ModelBar} from './model-bar.js';
import {ClientsPanel} from './clients-panel.js';
import {ReadinessPanel} from './readiness-panel.js';
import {CompletionPanel} from './completion-panel.js';
import {QueuesPanel} from './queues-panel.js';
import {EventLog} from './event-log.js';
import {LessonPane} from './lesson-pane.js';
import {LessonPicker} from './lesson-picker.js';
import {HeldCallLine} from './held-call-line.js';
import {Footer} from './footer.js';
import {HelpOverlay, helpRows, maxHelpScroll} from './help-overlay.js';
import {MIN_COLUMNS, MIN_ROWS, TooSmall} from './too-small.js';
import {monitorLayout, PANEL_CHROME_ROWS} from './layout.js';
import {useTerminalSize} from './use-terminal-size.js';
import {useMonitorSnapshot} from './use-monitor-snapshot.js';
import {useMonitorKeys} from './use-monitor-keys.js';
import {useViewState} from './use-view-state.js';
import {useLessonState} from './use-lesson-state.js';
import {handleKey} from './handle-key.js';
import {composeInkFrames} from './ink-frame.js';

// The frames of the monitor are Ink's, composed at a fraction of Ink's cost: the servers share the machine's cores with it.
composeInkFrames();

export type AppProps = {
	readonly controller: MonitorController;
	/** Called once when the user quits (q, Ctrl-C). */
	readonly onQuit: () => void;
};

/** Columns a panel's border and padding take. */
const PANEL_FRAME_COLUMNS = 4;

/** ms cut to whole seconds, as the uptime shows them: the model bar's props then change once a second. */
function wholeSeconds(ms: number): number {
	return Math.floor(ms / 1000) * 1000;
}

/** The whole monitor. */
export function App({controller, onQuit}: AppProps) {
	const {exit} = useApp();
	const {columns, rows} = useTerminalSize();
	const lesson = useLessonState(controller.lessons);
	// A lesson's check and the panels it points at are drawn from one moment (the check's sample is in the store by then).
	const live = useMonitorSnapshot(controller.store, lesson);
	const view = useViewState();
	const {paused} = view.state;
	const snapshot = paused?.snapshot ?? live.snapshot;
	const now = paused?.now ?? live.now;
	const layout = monitorLayout(columns, rows, {wideLog: view.state.isWideLog, lesson: lesson !== undefined, heldCall: snapshot.step !== undefined});

	// What is on screen now, for the keys: Ink re-registers the key handler only after the frame
	// is drawn (a passive effect), so a handler's own closure may still hold the frame before.
	const drawn = useRef({snapshot, now, layout, columns});
	drawn.current = {snapshot, now, layout, columns};
	useMonitorKeys({
		onKey(binding: KeyBinding) {
			const screen = drawn.current;
			handleKey(binding, {
				view, controller, now: screen.now,
				shown: () => view.current().paused?.snapshot ?? drawn.current.snapshot,
				latest: () => controller.store.snapshot(),
				logPage: Math.max(1, screen.layout.log.height - PANEL_CHROME_ROWS - 1),
				helpPage: Math.max(1, helpRows(screen.layout.height) - 1),
				maxHelpScroll: maxHelpScroll(screen.columns, screen.layout.height),
				quit() {
					onQuit();
					exit();
				},
			});
		},
	});

	if (columns < MIN_COLUMNS || rows < MIN_ROWS) {
		return <TooSmall columns={columns} rows={rows}/>;
	}

	if (view.state.isHelpOpen) {
		return <HelpOverlay width={columns} height={layout.height} scroll={view.state.helpScroll}/>;
	}

	if (view.state.picker) {
		return <LessonPicker width={columns} height={layout.height} index={view.state.picker.index}/>;
	}

	const unseen = live.snapshot.logTotal - (paused?.snapshot.logTotal ?? live.snapshot.logTotal);
	const notice = view.state.notice && view.state.notice.until > live.now ? view.state.notice.text : undefined;
	const inner = (width: number): number => width - PANEL_FRAME_COLUMNS;
	const log = layout.log.height > 0 ? (
		<Box width={layout.log.width} height={layout.log.height} flexShrink={0}>
			<EventLog
				lines={paused ? paused.log : snapshot.log}
				height={layout.log.height}
				width={inner(layout.log.width)}
				{...(paused ? {paused: {scroll: view.state.logScroll, unseen}} : {})}
			/>
		</Box>
	) : null;
	// io_uring has no readiness to wait for: its place shows the ring's completions.
	const readiness = layout.readiness ? (
		<Box width={layout.readiness.width} height={layout.readiness.height} flexShrink={0}>
			{snapshot.ring ? (
				<CompletionPanel
					setup={snapshot.ring.setup} recent={snapshot.ring.recent}
					height={layout.readiness.height} width={inner(layout.readiness.width)}
					{...(snapshot.rates.ring ? {rates: snapshot.rates.ring} : {})}
				/>
			) : <ReadinessPanel
				waits={snapshot.waits} threads={snapshot.threads} rates={snapshot.rates} now={now}
				height={layout.readiness.height} width={inner(layout.readiness.width)}
				{...(snapshot.cost ? {cost: snapshot.cost} : {})}
				{...(snapshot.controlFd === undefined ? {} : {controlFd: snapshot.controlFd})}
				{...(snapshot.listenFd === undefined ? {} : {listenFd: snapshot.listenFd})}
			/>}
		</Box>
	) : null;
	const queues = layout.queues ? (
		<Box width={layout.queues.width} height={layout.queues.height} flexShrink={0}>
			<QueuesPanel
				{...(snapshot.acceptQueue ? {acceptQueue: snapshot.acceptQueue} : {})}
				{...(snapshot.listenDrops === undefined ? {} : {listenDrops: snapshot.listenDrops})}
				acceptHistory={snapshot.acceptHistory}
				receiveQueueHistory={snapshot.receiveQueueHistory}
				receiveQueueTotal={snapshot.receiveQueueTotal}
				appQueueHistory={snapshot.appQueueHistory}
				deepest={snapshot.deepest}
				width={inner(layout.queues.width)}
				height={layout.queues.height}
				compact={layout.queues.compact}
				{...(snapshot.ring ? {ring: {
					sqSize: snapshot.ring.setup.sqSize, cqSize: snapshot.ring.setup.cqSize,
					submissionHistory: snapshot.submissionHistory, completionHistory: snapshot.completionHistory,
				}} : {})}
			/>
		</Box>
	) : null;
	return (
		<Box flexDirection="column" width={columns} height={layout.height}>
			<ModelBar
				width={inner(columns)} activeId={snapshot.modelId} host={snapshot.host} port={snapshot.port}
				uptimeMs={wholeSeconds(now - snapshot.startedAt)} readOnce={snapshot.readOnce}
				{...(snapshot.cpuPercent === undefined ? {} : {cpuPercent: snapshot.cpuPercent})}
				{...(snapshot.rates.syscallsPerMessage === undefined ? {} : {syscallsPerMessage: snapshot.rates.syscallsPerMessage})}
				{...(snapshot.failure ? {failure: snapshot.failure} : {})}
			/>
			<Box height={layout.clients.height} flexShrink={0}>
				<ClientsPanel
					rows={snapshot.clients} counts={snapshot.counts} height={layout.clients.height} width={inner(columns)}
					mismatchedBytes={snapshot.mismatchedBytes} host={snapshot.host} port={snapshot.port}
					{...(view.state.selected === undefined ? {} : {selected: view.state.selected})}
					{...(snapshot.listenDrops === undefined ? {} : {listenDrops: snapshot.listenDrops})}
					{...(layout.queues || !snapshot.acceptQueue ? {} : {backlogLimit: snapshot.acceptQueue.limit})}
					lessonRunning={lesson !== undefined}
				/>
			</Box>
			{lesson && layout.lesson ? (
				<Box height={layout.lesson.height} flexShrink={0}>
					<LessonPane lesson={lesson} height={layout.lesson.height} width={inner(columns)}/>
				</Box>
			) : null}
			{snapshot.step && layout.heldCall ? <HeldCallLine step={snapshot.step} modelId={snapshot.modelId} width={layout.heldCall.width}/> : null}
			{layout.arrangement === 'stacked'
				? (
					<Box flexShrink={0}>
						<Box flexDirection="column" flexShrink={0}>{readiness}{queues}</Box>
						{log}
					</Box>
				)
				: layout.arrangement === 'none' ? null : <Box flexShrink={0}>{readiness}{queues}{log}</Box>}
			<Footer width={columns} isStepping={live.snapshot.step !== undefined} {...(lesson ? {lesson: lesson.phase} : {})} {...(paused ? {paused: {unseen}} : {})} {...(notice ? {notice} : {})}/>
		</Box>
	);
}
