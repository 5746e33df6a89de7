import type { BodyOf, DataOf, deliveries, platform } from "@tandem/contract";

type Ops = typeof platform & typeof deliveries;

/** A directory call Tandem refused. */
export class DirectoryError extends Error {
  constructor(
    readonly status: number,
    what: string,
    detail: string,
  ) {
    super(`${what}: ${status} ${detail}`);
  }
}

/**
 * The operator's calls the sandbox makes to set itself up (SPEC §4), over HTTP with the directory
 * token: the few it needs, typed by the contract's operations.
 */
export class DirectoryCalls {
  constructor(
    private readonly baseUrl: string,
    private readonly token: string,
  ) {}

  async findApp(appId: string): Promise<DataOf<Ops["getApp"]>["app"] | null> {
    const answer = await this.call<DataOf<Ops["getApp"]>>(
      "GET",
      `/platform/v1/apps/${appId}`,
      undefined,
      [404],
    );
    return answer?.app ?? null;
  }

  async listApps(): Promise<DataOf<Ops["listApps"]>["apps"]> {
    const apps: DataOf<Ops["listApps"]>["apps"] = [];
    for (let page = 1; ; page++) {
      const answer = await this.call<DataOf<Ops["listApps"]>>(
        "GET",
        `/platform/v1/apps?page=${page}&per_page=100`,
      );
      apps.push(...(answer?.apps ?? []));
      if (!answer || page * 100 >= answer.pagination.total) return apps;
    }
  }

  async createApp(body: BodyOf<Ops["createApp"]>) {
    return (await this.call<DataOf<Ops["createApp"], 201>>("POST", "/platform/v1/apps", body))?.app;
  }

  async updateApp(appId: string, body: BodyOf<Ops["updateApp"]>) {
    return (await this.call<DataOf<Ops["updateApp"]>>("PUT", `/platform/v1/apps/${appId}`, body))?.app;
  }

  async rotateSecret(appId: string, type: "client" | "webhook") {
    return this.call<DataOf<Ops["rotateAppSecret"]>>("POST", `/platform/v1/apps/${appId}/secrets/rotate`, {
      type,
    });
  }

  async install(businessUid: string, appCodeName: string): Promise<void> {
    await this.call("POST", `/platform/v1/businesses/${businessUid}/apps`, { app_code_name: appCodeName });
  }

  /** Sends again at once the app's deliveries since a moment that failed or wait for a retry. */
  async recoverDeliveries(appId: string, since: string): Promise<number> {
    const answer = await this.call<DataOf<Ops["recoverDeliveries"]>>(
      "POST",
      `/platform/v1/apps/${appId}/deliveries/recover`,
      { since },
    );
    return answer?.recovered ?? 0;
  }

  async listStaff(businessUid: string) {
    return (await this.call<DataOf<Ops["listStaff"]>>("GET", `/platform/v1/businesses/${businessUid}/staffs`))
      ?.staffs;
  }

  /** An app token for one business (30 days), minted by the directory. */
  async appToken(appId: string, businessUid: string): Promise<string> {
    const answer = await this.call<DataOf<Ops["mintToken"], 201>>("POST", "/platform/v1/tokens", {
      app_id: appId,
      business_uid: businessUid,
    });
    if (!answer) throw new DirectoryError(0, "mint an app token", "no answer");
    return answer.token;
  }

  /** A token for a staff member, for the page's calls the demo makes as them. */
  async staffToken(staffUid: string): Promise<string> {
    const answer = await this.call<DataOf<Ops["mintToken"], 201>>("POST", "/platform/v1/tokens", {
      staff_uid: staffUid,
    });
    if (!answer) throw new DirectoryError(0, "mint a staff token", "no answer");
    return answer.token;
  }

  /** A page call as a staff member (the demo reads its past conversations as its admin). */
  async asStaff(staffToken: string, method: string, path: string): Promise<void> {
    await this.call(method, path, undefined, [], staffToken);
  }

  private async call<Data>(
    method: string,
    path: string,
    body?: unknown,
    absentWhen: number[] = [],
    token = this.token,
  ): Promise<Data | null> {
    const response = await fetch(`${this.baseUrl}${path}`, {
      method,
      headers: {
        authorization: `Bearer ${token}`,
        ...(body === undefined ? {} : { "content-type": "application/json" }),
      },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    if (absentWhen.includes(response.status)) return null;
    const text = await response.text();
    if (!response.ok) throw new DirectoryError(response.status, `${method} ${path}`, text.slice(0, 300));
    return (JSON.parse(text) as { data: Data }).data;
  }
}
