// A plain Yjs client (yjs + y-websocket) editing a map shared by `argmap serve`.
// Usage: node yclient.mjs ws://HOST:PORT ROOM TOKEN
// Prints one JSON line when synced, makes its edits, and prints SEEN once the Python side's
// edit (c2's text set to "from python") has arrived.
import * as Y from 'yjs'
import { WebsocketProvider } from 'y-websocket'
import WebSocket from 'ws'

const [server, room, token] = process.argv.slice(2)
const doc = new Y.Doc()
const provider = new WebsocketProvider(server, room, doc, { WebSocketPolyfill: WebSocket, params: token ? { token } : {} })
provider.awareness.setLocalStateField('user', { name: 'Node', color: '#469990' })
const nodes = doc.getMap('nodes')
const fail = setTimeout(() => { console.log('TIMEOUT'); process.exit(2) }, 20000)

provider.on('sync', (synced) => {
  if (!synced) return
  const c1 = nodes.get('c1')
  console.log('SYNCED ' + JSON.stringify({ title: doc.getMap('meta').get('title'), c1: c1 && c1.get('text'), n: nodes.size }))
  doc.transact(() => {
    c1.set('text', 'from node')
    const added = new Y.Map()
    nodes.set('js1', added)
    added.set('kind', 'con')
    added.set('parent', 'c3')
    added.set('text', 'From JS')
  })
  const check = () => {
    const c2 = nodes.get('c2')
    if (c2 && c2.get('text') === 'from python') {
      console.log('SEEN')
      clearTimeout(fail)
      setTimeout(() => { provider.destroy(); process.exit(0) }, 300)
    }
  }
  nodes.observeDeep(check)
  check()
})
