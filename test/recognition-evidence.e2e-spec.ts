/**
 * A recognition's evidence with a file: a station clerk claims a recognition with a scan of the certificate
 * (multipart), the list shows the file, a coordinator downloads exactly those bytes; a file that is no document or
 * image is refused with every problem of the request at once and nothing recorded; another station cannot read it.
 */
import { createTestApp, SAMPLE_PDF, seedSubdistrict, SeededSubdistrict, TestApp } from '@app/testing';

const YEAR = 2026;
let t: TestApp;
let s: SeededSubdistrict;
const url = (i: number) => `/subdistricts/${s.id}/years/${YEAR}/stations/${s.stations[i].id}/recognitions`;
// the smallest PNG there is: signature, IHDR, IDAT, IEND (1×1, grey)
const PNG = Buffer.from('89504e470d0a1a0a0000000d49484452000000010000000108000000003a7e9b550000000a49444154789c63600000000200015f0a6a5d0000000049454e44ae426082', 'hex');

beforeAll(async () => {
  t = await createTestApp({ withWorker: false });
  s = await seedSubdistrict(t.db.dataSource, {
    stations: [
      { name: '城东派出所', kind: 'independent', department: '区公安分局', staff: ['张建国'] },
      { name: '城东司法所', kind: 'regional', department: '区司法局', staff: ['赵敏'] },
    ],
  });
  t.clock.set('2026-11-20T10:00:00+08:00');
  await t.http.post(`/subdistricts/${s.id}/years`).set(t.as(s.users.coordinator)).send({ year: YEAR }).expect(201);
});
afterAll(async () => {
  await t?.close();
});

const claim = (i: number, user: { id: string }) => t.http.post(url(i)).set(t.as(user))
  .field('level', 'city').field('title', '矛盾纠纷调解经验被市级推广').field('issuer', '舟山市委政法委')
  .field('recognisedOn', '2026-06-18').field('evidence', '市委政法委简报第15期');

describe('recognition evidence files', () => {
  it('a station claims a recognition with a scan; the list shows it and the coordinator downloads the same bytes', async () => {
    const added = await claim(0, s.stations[0].user).attach('evidenceFile', PNG, { filename: '证书扫描件.png', contentType: 'image/png' }).expect(201);
    const list = (await t.http.get(url(0)).set(t.as(s.users.coordinator)).expect(200)).body;
    expect(list).toEqual([expect.objectContaining({
      id: added.body.recognitionId, status: 'pending', evidence: '市委政法委简报第15期',
      evidenceFile: { name: '证书扫描件.png', mime: 'image/png', size: PNG.length },
    })]);
    const file = await t.http.get(`${url(0)}/${added.body.recognitionId}/evidence-file`).set(t.as(s.users.coordinator))
      .buffer(true).parse((res, done) => { const chunks: Buffer[] = []; res.on('data', (c: Buffer) => chunks.push(c)); res.on('end', () => done(null, Buffer.concat(chunks))); })
      .expect(200);
    expect(file.headers['content-type']).toBe('image/png');
    expect(Buffer.compare(file.body, PNG)).toBe(0);
    // a PDF is evidence too; a JSON claim without a file still works and has none
    await claim(0, s.stations[0].user).attach('evidenceFile', SAMPLE_PDF, { filename: '简报.pdf', contentType: 'application/pdf' }).expect(201);
    const plain = await t.http.post(url(0)).set(t.as(s.users.coordinator))
      .send({ level: 'district', title: '网格化经验', issuer: '区委', recognisedOn: '2026-03-01', evidence: '区简报' }).expect(201);
    await t.http.get(`${url(0)}/${plain.body.recognitionId}/evidence-file`).set(t.as(s.users.coordinator)).expect(404);
  });

  it('a file that is neither a document nor an image is refused with the other problems of the request, and nothing is recorded', async () => {
    const before = (await t.http.get(url(1)).set(t.as(s.users.coordinator)).expect(200)).body.length;
    const res = await t.http.post(url(1)).set(t.as(s.stations[1].user))
      .field('level', 'city').field('title', '经验').field('issuer', '市').field('recognisedOn', '2025-06-18').field('evidence', '简报')
      .attach('evidenceFile', Buffer.from('just some text'), { filename: 'notes.png', contentType: 'image/png' }).expect(400);
    expect(res.body.details).toEqual([
      { field: 'recognisedOn', reason: expect.stringContaining('2026') },
      { field: 'evidenceFile', reason: '文件不是 PDF、DOCX、DOC 文档或 JPG、PNG 图片，请转换后重新上传' },
    ]);
    expect((await t.http.get(url(1)).set(t.as(s.users.coordinator)).expect(200)).body.length).toBe(before);
  });

  it('another station reads neither the list nor the file', async () => {
    const [rec] = (await t.http.get(url(0)).set(t.as(s.users.coordinator)).expect(200)).body;
    await t.http.get(url(0)).set(t.as(s.stations[1].user)).expect(403);
    await t.http.get(`${url(0)}/${rec.id}/evidence-file`).set(t.as(s.stations[1].user)).expect(403);
  });
});
