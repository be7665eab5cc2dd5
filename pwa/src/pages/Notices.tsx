/**
 * Pengumuman desa: a village's public notice board, for residents (home) and visitors (no login).
 * The first page of the board is kept in IndexedDB ("public" copy), so it stays readable offline.
 */
import { useState } from "preact/hooks";
import { api, unwrap } from "../api/client";
import { isProblemError } from "../api/problem";
import { claims } from "../app/state";
import { useSynced, type Synced } from "../app/sync";
import {
  boardOrder,
  categoryKind,
  categoryLabel,
  noticeHref,
  noticesApi,
  paragraphs,
  stillShown,
  type Notice,
  type NoticeBoard,
} from "../app/notices";
import { useLang, useT } from "../i18n";
import { formatDate, formatDateTime, isoToday } from "../lib/format";
import { useRoute } from "../lib/router";
import { storage } from "../lib/storage";
import { useStore } from "../lib/store";
import { ErrorAlert, Loading, Page, Pill, Select, useAction, useAsync } from "../ui/components";
import { SyncNote } from "./resident/SyncNote";

/** The village's board (first page), kept for offline reading; nothing is loaded without a village. */
export function useBoard(village: string | null): Synced<NoticeBoard> {
  return useSynced<NoticeBoard>(`notices:${village ?? ""}`, () => noticesApi.board(village!), village ? "public" : null);
}

/** What the board shows now: a copy synced days ago may hold notices that expired since. */
function shown(board: NoticeBoard | undefined): Notice[] {
  return boardOrder(stillShown(board?.items ?? [], isoToday()));
}

function NoticeMeta({ n }: { n: Notice }) {
  const t = useT();
  const l = useLang();
  return (
    <span class="notice-meta">
      <Pill kind={categoryKind(n.category)}>{categoryLabel(n, l)}</Pill>
      {n.pinned && <Pill kind="warn">{t("notices.pinned")}</Pill>}
      <span class="muted small">{formatDate(n.published_at, l)}</span>
    </span>
  );
}

export function NoticeItems({ notices }: { notices: Notice[] }) {
  return (
    <ul class="list">
      {notices.map((n) => (
        <li key={n.id}>
          <a class="row" href={noticeHref(n)}>
            <strong class="notice-title">{n.title}</strong>
            <NoticeMeta n={n} />
          </a>
        </li>
      ))}
    </ul>
  );
}

/** The resident home's section: the newest few notices of the resident's own village. */
export function HomeNotices({ village }: { village: string }) {
  const t = useT();
  const board = useBoard(village);
  const list = shown(board.data);
  return (
    <section aria-labelledby="home-notices">
      <h2 id="home-notices">{t("notices.title")}</h2>
      <SyncNote synced={board} />
      {board.data && list.length === 0 && <p class="muted">{t("notices.none")}</p>}
      <NoticeItems notices={list.slice(0, 3)} />
      {list.length > 0 && <a href="/pengumuman">{t("notices.all")} →</a>}
    </section>
  );
}

const VILLAGE_KEY = "balai.notices.village";

/** /pengumuman: the resident's village, or for a visitor the village they pick (remembered). */
export function NoticeBoardPage() {
  const t = useT();
  const who = useStore(claims);
  const { query } = useRoute();
  const own = who?.village && who.village.length === 10 ? who.village : null;
  const [picked, setPicked] = useState<string | null>(query.get("desa") ?? storage.get(VILLAGE_KEY));
  const village = own ?? picked;
  const pick = (v: string) => {
    setPicked(v || null);
    storage.set(VILLAGE_KEY, v || null);
  };
  return (
    <Page title={t("notices.title")}>
      {!own && <VillagePicker value={village} onPick={pick} />}
      {village ? <FullBoard key={village} village={village} /> : <p class="muted">{t("notices.pickVillage")}</p>}
    </Page>
  );
}

function VillagePicker({ value, onPick }: { value: string | null; onPick: (v: string) => void }) {
  const t = useT();
  const villages = useAsync(async () => {
    const all = await unwrap(api.identity.GET("/public/villages"));
    if (!value && all.length === 1) onPick(all[0]!.code.replace(/\./g, ""));
    return all;
  }, []);
  return (
    <>
      <ErrorAlert error={villages.error} onRetry={villages.reload} />
      {villages.data && villages.data.length > 0 && (
        <Select
          label={t("notices.village")}
          value={value ?? ""}
          onValue={onPick}
          placeholder="—"
          options={villages.data.map((v) => ({ value: v.code.replace(/\./g, ""), label: `${v.name} (${v.district})` }))}
        />
      )}
    </>
  );
}

function FullBoard({ village }: { village: string }) {
  const t = useT();
  const board = useBoard(village);
  const [more, setMore] = useState<Notice[]>([]);
  const [next, setNext] = useState<number | null | undefined>(undefined);
  const nextOffset = next === undefined ? board.data?.next_offset ?? null : next;
  const loadMore = useAction(async () => {
    if (nextOffset === null) return;
    const page = await noticesApi.board(village, nextOffset);
    setMore((m) => [...m, ...page.items]);
    setNext(page.next_offset ?? null);
  });
  const list = [...shown(board.data), ...more];
  return (
    <>
      <SyncNote synced={board} />
      {board.data && list.length === 0 && <p class="muted">{t("notices.none")}</p>}
      <NoticeItems notices={list} />
      <ErrorAlert error={loadMore.error} />
      {nextOffset !== null && board.data && (
        <button type="button" class="secondary block" onClick={() => void loadMore.run()} disabled={loadMore.busy}>
          {t("app.more")}
        </button>
      )}
    </>
  );
}

/** /pengumuman/:village/:id — one notice, as text. Offline: from its own copy or the board's. */
export function NoticePage({ village, id }: { village: string; id: string }) {
  const t = useT();
  const l = useLang();
  const one = useSynced(`notice:${village}:${id}`, () => noticesApi.one(village, id), "public");
  const board = useBoard(village);
  const fromBoard = board.data?.items.find((n) => n.id === id);
  // Archived or expired since: the service says it is gone, whatever an older copy holds.
  const gone = isProblemError(one.error) && one.error.problem.status === 404;
  const n: Notice | undefined = gone ? undefined : one.data ?? fromBoard;
  return (
    <Page title={n?.title ?? t("notices.title")} back="/pengumuman">
      {n ? (
        <>
          {!!one.error && (
            <p class="muted small">{t("app.lastSync", { time: formatDateTime(new Date(one.savedAt ?? board.savedAt ?? Date.now()), l) })}</p>
          )}
          <p>
            <NoticeMeta n={n} />
          </p>
          <article class="notice-body">
            {paragraphs(n.body).map((p, i) => (
              <p key={i}>{p}</p>
            ))}
          </article>
          {n.expires_on && <p class="muted small">{t("notices.until", { date: formatDate(n.expires_on, l) })}</p>}
        </>
      ) : one.loading && !one.error ? (
        <Loading />
      ) : (
        <ErrorAlert error={one.error} onRetry={one.reload} />
      )}
    </Page>
  );
}
