// The monitor's screen: model bar, clients, readiness, queue depths, event log, footer; help on top.
import {useState} from 'react';
import {Box, useApp} from 'ink';
import type {MonitorController} from './monitor-controller.js';
import type {MonitorAction} from './keymap.js';
import {ModelBar} from './model-bar.js';
import {ClientsPanel} from './clients-panel.js';
import {ReadinessPanel} from './readiness-panel.js';
import {QueuesPanel} from './queues-panel.js';
import {EventLog} from './event-log.js';
import {Footer} from './footer.js';
import {HelpOverlay} from './help-overlay.js';
import {MIN_COLUMNS, MIN_ROWS, TooSmall} from './too-small.js';
import {useTerminalSize} from './use-terminal-size.js';
import {useMonitorSnapshot} from './use-monitor-snapshot.js';
import {useMonitorKeys} from './use-monitor-keys.js';

export type AppProps = {
	readonly controller: MonitorController;
	/** Called once when the user quits (q, Ctrl-C). */
	readonly onQuit: () => void;
};

/** Lines taken by the model bar (2 + border) and the footer. */
const CHROME_ROWS = 5;
/**
 * The screen is drawn one row short of the terminal: output as tall as the terminal makes Ink
 * clear and redraw everything each frame instead of updating in place.
 */
const SPARE_ROWS = 1;

/** The whole monitor. */
export function App({controller, onQuit}: AppProps) {
	const {exit} = useApp();
	const {columns, rows} = useTerminalSize();
	const {snapshot, now} = useMonitorSnapshot(controller.store);
	const [isHelpOpen, setHelpOpen] = useState(false);

	const onAction = (action: MonitorAction): void => {
		if (action.type === 'quit') {
			onQuit();
			exit();
			return;
		}

		if (action.type === 'toggle-help') {
			setHelpOpen(open => !open);
			return;
		}

		controller.dispatch(action);
	};

	useMonitorKeys({onAction, isHelpOpen, onCloseHelp: () => setHelpOpen(false)});

	if (columns < MIN_COLUMNS || rows < MIN_ROWS) {
		return <TooSmall columns={columns} rows={rows}/>;
	}

	if (isHelpOpen) {
		return <HelpOverlay/>;
	}

	// Below the model bar: clients across the whole width (their rows are wide), then readiness,
	// queue depths and the event log side by side. Each panel loses 3 rows to border and title.
	const height = rows - SPARE_ROWS;
	const body = height - CHROME_ROWS;
	const topHeight = Math.max(8, Math.floor(body * 0.5));
	const bottomHeight = body - topHeight;
	const sideWidth = Math.floor(columns * 0.3);
	return (
		<Box flexDirection="column" width={columns} height={height}>
			<ModelBar width={columns - 4} activeId={snapshot.modelId} host={snapshot.host} port={snapshot.port} uptimeMs={now - snapshot.startedAt} readOnce={snapshot.readOnce} {...(snapshot.failure ? {failure: snapshot.failure} : {})}/>
			<Box height={topHeight} flexShrink={0}>
				<ClientsPanel rows={snapshot.clients} total={snapshot.clientCount} waiting={snapshot.waitingCount} maxRows={topHeight - 5} mismatchedBytes={snapshot.mismatchedBytes}/>
			</Box>
			<Box height={bottomHeight} flexShrink={0}>
				<Box width={sideWidth} flexShrink={0}>
					<ReadinessPanel waits={snapshot.waits} threads={snapshot.threads} rates={snapshot.rates} maxRows={bottomHeight - 3} now={now}/>
				</Box>
				<Box width={sideWidth} flexShrink={0}>
					<QueuesPanel
						acceptQueue={snapshot.acceptQueue}
						acceptHistory={snapshot.acceptHistory}
						receiveQueueHistory={snapshot.receiveQueueHistory}
						appQueueHistory={snapshot.appQueueHistory}
						deepest={snapshot.deepest}
						width={sideWidth - 4}
						maxRows={bottomHeight - 3}
					/>
				</Box>
				<EventLog lines={snapshot.log} maxRows={bottomHeight - 3} paused={snapshot.logPaused} unseen={snapshot.unseenLines}/>
			</Box>
			<Footer/>
		</Box>
	);
}
