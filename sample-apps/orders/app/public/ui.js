// Renders the public catalog into #catalog; served from /ui.js so the page needs no inline script.
const list = document.getElementById('catalog');
const status = document.getElementById('status');

const price = (cents) => `${(cents / 100).toFixed(2)}`;

fetch('/v2/catalog', { headers: { Accept: 'application/json' } })
  .then((res) => {
    if (!res.ok) throw new Error(`catalog answered ${res.status}`);
    return res.json();
  })
  .then(({ items }) => {
    for (const item of items) {
      const li = document.createElement('li');
      li.dataset.sku = item.sku;
      li.textContent = `${item.sku} - ${item.name} - ${price(item.price_cents)}`;
      list.appendChild(li);
    }
    status.textContent = `${items.length} items`;
  })
  .catch((err) => {
    status.textContent = `Catalog unavailable: ${err.message}`;
  });
